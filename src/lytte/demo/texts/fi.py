"""Finnish demo texts."""

# Nordic typography writes ranges and asides with an en dash.
# ruff: noqa: RUF001
from __future__ import annotations

from lytte.demo.texts.structure import LanguageTexts, ReasonTexts

REASONS = {
    "order": ReasonTexts(
        subjects=("Kysymys tilauksesta {order}", "Tilauksen muuttaminen", "Ei tilausvahvistusta"),
        messages=(
            "Hei! Tilasin eilen (tilausnumero {order}), mutta en ole saanut tilausvahvistusta "
            "sähköpostiin. Menikö tilaus läpi?",
            "Voinko muuttaa tilauksen {order} toimitusosoitteen? Olen muuttanut.",
            "Haluaisin lisätä tuotteen tilaukseeni ennen kuin se lähetetään. Onnistuuko?",
        ),
        notes=(
            "Asiakas soittaa tilauksesta {order}, halusi muuttaa määrää. Muutettu "
            "tilausjärjestelmään.",
            "asiakas kysyi onko tilaus tullut perille. vahvistettu, lähetetty uusi vahvistus.",
            "Autettu asiakasta tilaamaan verkkokaupasta, tilaus {order} tehty.",
        ),
    ),
    "delivery": ReasonTexts(
        subjects=("Missä pakettini on?", "Tilauksen {order} toimitus", "Paketti ei ole tullut"),
        messages=(
            "Hei. Pakettini piti toimittaa viime viikolla, mutta seuranta ei ole päivittynyt "
            "moneen päivään. Tilausnumero {order}.",
            "Seurannan mukaan paketti on toimitettu, mutta postilaatikossa tai noutopisteessä ei "
            "ole mitään.",
            "Voitteko toimittaa jonain toisena päivänä? Olen matkoilla koko viikon.",
        ),
        notes=(
            "Asiakas soittaa puuttuvasta toimituksesta, tilaus {order}. Paketti terminaalissa, "
            "luvattu palata asiaan.",
            "asiakas soittaa väärään osoitteeseen toimitetusta paketista. selvityspyyntö Postille.",
            "Kysyy toimitusaikaa, kerrottu 2–4 arkipäivää.",
        ),
    ),
    "delayed-delivery": ReasonTexts(
        subjects=("Myöhästynyt toimitus", "Tilaus {order} on myöhässä"),
        messages=(
            "Toimitukseni on yli viikon myöhässä. Tarvitsen tuotteet viikonloppuna – voitteko "
            "selvittää, mitä on tapahtunut?",
            "Sain ilmoituksen, että tilaus {order} viivästyy. Milloin se tulee?",
        ),
        notes=(
            "asiakas soittaa myöhästyneestä toimituksesta tilaus {order}, pahoiteltu ja "
            "muistutettu varastoa.",
            "Viive kuljetusliikkeessä, uusi toimituspäivä perjantai. Toimitusmaksu hyvitetty.",
        ),
    ),
    "invoice": ReasonTexts(
        subjects=("Kysymys laskusta {invoice}", "Lasku", "Sain maksumuistutuksen"),
        messages=(
            "Hei, sain maksumuistutuksen laskusta {invoice}, vaikka maksoin sen yli viikko "
            "sitten. Voitteko tarkistaa?",
            "Voinko saada laskun e-laskuna paperilaskun sijaan?",
            "En ymmärrä, mistä viimeisimmän laskun lisämaksu tulee. Voisiko joku selittää?",
        ),
        notes=(
            "Asiakas soittaa maksumuistutuksesta, lasku {invoice}. Maksu kirjattu tänään, "
            "muistutus peruttu.",
            "Haluaa e-laskun, lähetetty ohjeet verkkopankkiin.",
            "kysymys laskutuslisästä, selitetty. maksu hyvitetty.",
        ),
    ),
    "wrong-amount": ReasonTexts(
        subjects=("Laskussa väärä summa", "Laskun {invoice} summa on väärin"),
        messages=(
            "Lasku {invoice} on {amount}, mutta sopimukseni mukaan summan pitäisi olla aivan "
            "muu. Tässä on oltava virhe.",
            "Minua on laskutettu kahdesti samasta kuukaudesta – {amount} veloitettu kahteen "
            "kertaan.",
        ),
        notes=(
            "asiakas soittaa laskusta väärä summa ({amount}). tarkistettu sopimus, lähetetty "
            "hyvityslasku.",
            "Laskussa {invoice} väärä hinta, uusi lasku lähetetty.",
        ),
    ),
    "payment-deferral": ReasonTexts(
        subjects=("Maksun lykkäys", "Voinko siirtää eräpäivää?"),
        messages=(
            "Minulle on tullut yllättäviä menoja. Voisinko saada laskulle {invoice} 14 päivää "
            "lisäaikaa?",
            "Onko mahdollista maksaa {amount} useammassa erässä?",
        ),
        notes=(
            "Asiakas pyytää lisäaikaa laskulle {invoice}. Myönnetty 14 päivää.",
            "maksusuunnitelma {amount} sovittu, 3 kk.",
        ),
    ),
    "complaint": ReasonTexts(
        subjects=("Reklamaatio", "Valitus tilauksesta {order}", "Tyytymätön vastaukseen"),
        messages=(
            "Tuote oli rikki, kun avasin paketin. Haluan reklamoida ja saada uuden tilalle.",
            "Olen jonottanut puhelimessa yli 40 minuuttia kahtena päivänä peräkkäin. Tämä ei "
            "ole hyväksyttävää.",
            "Tuote lakkasi toimimasta kolmen viikon jälkeen. Odotan, että tämä korvataan.",
        ),
        notes=(
            "Asiakas erittäin tyytymätön jonotusaikaan. Pahoiteltu, annettu hyvitys.",
            "Reklamaatio rikkinäisestä tuotteesta, tilaus {order}. Palautustarra lähetetty.",
            "valitus aiemmin annetusta väärästä tiedosta, eskaloitu tiiminvetäjälle.",
        ),
    ),
    "fault": ReasonTexts(
        subjects=("Jokin ei toimi", "Vika palvelussa", "Virheilmoitus"),
        messages=(
            "Palvelu ei ole toiminut aamusta asti. Saan vain virheilmoituksen.",
            "Tuotteessa on jotain vikaa – se sammuu muutaman minuutin päästä.",
            "Saan ilmoituksen ”Jotain meni vikaan” aina, kun yritän maksaa.",
        ),
        notes=(
            "Asiakas soittaa palvelun viasta. Vianetsintä yhdessä, uudelleenkäynnistys auttoi.",
            "Vika välitetty tekniseen tukeen, asiakas saa vastauksen sähköpostitse.",
            "tunnettu vika, ohjattu häiriötiedotteisiin.",
        ),
    ),
    "login": ReasonTexts(
        subjects=("En pääse kirjautumaan", "Ongelmia kirjautumisessa"),
        messages=(
            "En pääse kirjautumaan Omille sivuille. Yritin vaihtaa salasanan, mutta en saa "
            "sähköpostia.",
            "Kirjautuminen pankkitunnuksilla epäonnistuu joka kerta.",
        ),
        notes=(
            "asiakas ei pääse kirjautumaan, lähetetty uusi salasanalinkki.",
            "Pankkitunnistautuminen ei toimi, tunnettu vika. Ohjattu häiriötiedotteeseen.",
        ),
    ),
    "app-error": ReasonTexts(
        subjects=("Sovellus kaatuu", "Virhe sovelluksessa"),
        messages=(
            "Sovellus sulkeutuu aina, kun avaan sen viimeisimmän päivityksen jälkeen.",
            "Verkkosivu jumittuu, kun yritän siirtyä kassalle.",
        ),
        notes=(
            "Sovellus kaatuu päivityksen jälkeen. Pyydetty asentamaan uudelleen, ilmoitettu "
            "kehitykseen.",
            "asiakas ei saa ostosta tehtyä verkossa, tilaus otettu puhelimessa.",
        ),
    ),
    "wrong-information": ReasonTexts(
        subjects=("Väärää tietoa verkkosivulla", "Puuttuvaa tietoa", "Väärä hinta?"),
        messages=(
            "Verkkosivun hinta on eri kuin kassalla. Kumpi on oikea?",
            "Verkkosivun aukioloajat eivät pidä paikkaansa – myymälä oli kiinni.",
            "Tilausvahvistuksessa ei kerrota mitään peruuttamisoikeudesta.",
        ),
        notes=(
            "Väärä hinta verkossa, asiakas sai oikean hinnan. Virhe ilmoitettu "
            "verkkotoimitukselle.",
            "väärät aukioloajat verkkosivulla, välitetty eteenpäin.",
        ),
    ),
    "question": ReasonTexts(
        subjects=("Kysymys", "Miten toimin?", "Pieni kysymys"),
        messages=(
            "Hei! Miten vaihdan salasanani?",
            "Mitkä ovat aukioloaikanne pääsiäisenä?",
            "Voinko noutaa tilauksen itse kotiinkuljetuksen sijaan?",
        ),
        notes=(
            "Asiakas kysyi aukioloaikoja, kerrottu.",
            "Neuvottu asiakasta lataamaan lasku Omilta sivuilta.",
            "kysymys takuusta, kerrottu takuuehdot.",
        ),
    ),
    "account": ReasonTexts(
        subjects=("Osoitteenmuutos", "Yhteystietojen päivitys", "Tilin omistajan vaihto"),
        messages=(
            "Olen muuttanut, ja osoitteeni pitää päivittää: Hämeenkatu 10, 33100 Tampere.",
            "Voitteko vaihtaa tilini sähköpostiosoitteen?",
            "Haluan siirtää liittymän puolisolleni. Mitä siihen tarvitaan?",
        ),
        notes=(
            "Asiakas soittaa osoitteenmuutoksesta, päivitetty.",
            "vaihdettu asiakkaan puhelinnumero ja sähköposti.",
            "Omistajanvaihdos, lähetetty siirtolomake.",
        ),
    ),
    "cancellation": ReasonTexts(
        subjects=("Irtisanominen", "Tilauksen {order} peruutus", "Sopimuksen irtisanominen"),
        messages=(
            "Haluan irtisanoa sopimukseni ensi kuusta alkaen.",
            "Voinko perua tilauksen {order}? Sitä ei ole vielä lähetetty.",
            "Haluan käyttää peruuttamisoikeuttani.",
        ),
        notes=(
            "Asiakas haluaa irtisanoa. Tarjottu alennusta, ei kelvannut. Irtisanominen kirjattu.",
            "Tilaus {order} peruttu ennen lähetystä.",
            "peruuttamisoikeus käytetty, palautustarra lähetetty.",
        ),
    ),
    "praise": ReasonTexts(
        subjects=("Kiitos!", "Kiitosta asiakaspalvelulle", "Tyytyväinen asiakas"),
        messages=(
            "Halusin vain kiittää nopeasta ja ystävällisestä avusta eilen!",
            "Paketti tuli jo seuraavana päivänä. Hienoa toimintaa!",
            "Kiitos avusta puhelimessa viime viikolla – {agent} oli todella avulias.",
        ),
        notes=(
            "Asiakas soitti vain kiittääkseen hyvästä palvelusta.",
            "kiitosta Tampereen myymälälle.",
        ),
    ),
    "other": ReasonTexts(
        subjects=("Yhteydenotto", "Muu asia", "Kysymys sponsoroinnista"),
        messages=(
            "Hei, onko teillä avoimia työpaikkoja asiakaspalvelussa?",
            "Sponsoroitteko paikallisia urheiluseuroja?",
            "Yritin oikeastaan soittaa pankkiini – tulinko väärään paikkaan?",
        ),
        notes=(
            "Asiakas soitti väärään numeroon, yhdistetty eteenpäin.",
            "Kysymys sponsoroinnista, ohjattu markkinointiin.",
            "puhelu katkesi, soitettu takaisin, ei vastausta.",
        ),
    ),
}

TEXTS = LanguageTexts(
    reasons=REASONS,
    replies=(
        "Hei {first}!\n\nKiitos yhteydenotostasi (aihe: {topic}). Olemme käsitelleet asian, ja "
        "nyt kaiken pitäisi olla kunnossa. Otathan yhteyttä, jos jokin on vielä vialla.\n\n"
        "Ystävällisin terveisin\n{agent}\nAsiakaspalvelu",
        "Hei {first},\n\nPahoittelemme pitkää vastausaikaa. Olemme välittäneet asian eteenpäin ja "
        "palaamme asiaan heti, kun tiedämme enemmän.\n\nTerveisin\n{agent}",
        "Hei!\n\nKiitos viestistäsi. Voisitko lähettää meille tilaus- tai laskunumeron, niin "
        "selvitämme asiaa tarkemmin?\n\nTerveisin {agent}",
        "Hei {first}, asia on nyt korjattu. Mukavaa päivänjatkoa!\n\nt. {agent}",
    ),
    follow_ups=(
        "Hei taas. En ole kuullut teistä mitään – mitä asialleni kuuluu?",
        "Kiitos vastauksesta, mutta asia ei ole vieläkään kunnossa. Voisitteko katsoa uudelleen?",
        "Tässä tilausnumero: {order}.",
        "Muistutus: odotan yhä vastausta.",
    ),
    callbacks=(
        "Soitettu asiakkaalle takaisin ({topic}), asia selvitetty.",
        "soitettu asiakkaalle, ei vastausta. lähetetty tekstiviesti.",
        "Soitettu sovitusti takaisin, asiakas tyytyväinen ratkaisuun.",
    ),
    internal_notes=(
        "Tarkistettu laskutusjärjestelmästä, näyttää oikealta.",
        "Odotetaan vastausta varastolta.",
        "Siirretty toiselle tukitasolle arvioitavaksi.",
        "Asiakkaalla ollut sama ongelma aiemmin, katso aiemmat tapaukset.",
    ),
)
