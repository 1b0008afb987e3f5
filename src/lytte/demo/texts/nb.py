"""Norwegian Bokmål demo texts."""

# Nordic typography writes ranges and asides with an en dash.
# ruff: noqa: RUF001
from __future__ import annotations

from lytte.demo.texts.structure import LanguageTexts, ReasonTexts

REASONS = {
    "order": ReasonTexts(
        subjects=("Spørsmål om bestilling {order}", "Endre bestilling", "Ingen ordrebekreftelse"),
        messages=(
            "Hei! Jeg bestilte i går (ordrenr. {order}), men har ikke fått noen ordrebekreftelse "
            "på e-post. Har bestillingen gått gjennom?",
            "Hei, kan jeg endre leveringsadressen på bestilling {order}? Jeg har flyttet.",
            "Jeg vil gjerne legge til en vare i bestilling {order} før den sendes. Går det?",
        ),
        notes=(
            "Kunde ringer ang. bestilling {order}, ville endre antall. Endret i ordresystemet.",
            "Kunde lurte på om bestillingen var registrert. Bekreftet ordre {order}, sendt ny "
            "bekreftelse på e-post.",
            "kunde ville bestille på telefon, veiledet i nettbutikken. ordre {order} lagt inn.",
        ),
    ),
    "delivery": ReasonTexts(
        subjects=("Hvor er pakken min?", "Levering av ordre {order}", "Pakken har ikke kommet"),
        messages=(
            "Hei. Pakken min skulle vært levert i forrige uke, men sporingen har ikke endret seg "
            "på flere dager. Ordrenummer {order}.",
            "Sporingen sier levert, men det er ingen pakke i postkassen eller på hentestedet. "
            "Hva gjør jeg nå?",
            "Kan dere levere en annen dag? Jeg er bortreist til neste uke.",
        ),
        notes=(
            "Kunde ringer ang. manglende levering, ordre {order}. Pakken står på terminal, "
            "lovet oppfølging.",
            "kunde ringer ang pakke levert til feil adresse. opprettet sak hos Posten/Bring.",
            "Spør om leveringstid, informert om 2–4 virkedager.",
        ),
    ),
    "delayed-delivery": ReasonTexts(
        subjects=("Forsinket levering", "Ordre {order} er forsinket"),
        messages=(
            "Leveringen min er over en uke forsinket. Jeg trenger varene til helgen – kan dere "
            "sjekke hva som skjer?",
            "Fikk melding om forsinkelse på ordre {order}. Når kan jeg regne med å få den?",
            "Tredje gang leveringsdatoen flyttes. Nå er jeg lei.",
        ),
        notes=(
            "kunde ringer ang forsinket levering ordre {order}, beklaget og purret lageret.",
            "Forsinkelse hos transportør, ny leveringsdato fredag. Kunden fikk gratis frakt.",
        ),
    ),
    "invoice": ReasonTexts(
        subjects=("Spørsmål om faktura {invoice}", "Faktura", "Har fått purring"),
        messages=(
            "Hei, jeg har fått purring på faktura {invoice}, men jeg betalte den for over en uke "
            "siden. Kan dere sjekke?",
            "Kan jeg få fakturaen som eFaktura i stedet for på papir?",
            "Jeg skjønner ikke hva gebyret på siste faktura gjelder. Kan noen forklare?",
        ),
        notes=(
            "Kunde ringer ang. purring på faktura {invoice}. Betaling registrert i dag, purring "
            "frafalt.",
            "Ønsker eFaktura/AvtaleGiro, sendt info om oppsett i nettbanken.",
            "spørsmål om fakturagebyr, forklart. fjernet gebyret som goodwill.",
        ),
    ),
    "wrong-amount": ReasonTexts(
        subjects=("Feil beløp på faktura", "Faktura {invoice} har feil beløp"),
        messages=(
            "Hei! Faktura {invoice} er på {amount}, men avtalen min sier noe helt annet. Det "
            "må være en feil.",
            "Jeg er fakturert to ganger for samme måned. {amount} er trukket dobbelt.",
            "Beløpet på fakturaen stemmer ikke med tilbudet jeg fikk. Ber om korrigering.",
        ),
        notes=(
            "kunde ringer ang faktura feil beløp ({amount}). sjekket avtale, sendt kreditnota.",
            "Kunde mener faktura {invoice} er for høy. Feil pris lagt inn, ny faktura sendt.",
            "Dobbeltfakturert, refusjon av {amount} bestilt.",
        ),
    ),
    "payment-deferral": ReasonTexts(
        subjects=("Betalingsutsettelse", "Kan jeg utsette betalingen?"),
        messages=(
            "Jeg har hatt uforutsette utgifter denne måneden. Kan jeg få utsatt betalingen av "
            "faktura {invoice} med 14 dager?",
            "Går det an å dele opp {amount} i flere avdrag?",
        ),
        notes=(
            "Kunde ber om betalingsutsettelse på faktura {invoice}. Innvilget 14 dager.",
            "avdragsordning på {amount} avtalt, 3 mnd.",
        ),
    ),
    "complaint": ReasonTexts(
        subjects=("Klage på vare", "Reklamasjon – ordre {order}", "Misfornøyd med svaret"),
        messages=(
            "Varen var skadet da jeg åpnet esken. Jeg vil reklamere og få en ny tilsendt.",
            "Jeg har ventet i telefonkø i over 40 minutter to dager på rad. Dette er ikke godt "
            "nok.",
            "Produktet sluttet å virke etter tre uker. Jeg forventer at dere dekker dette.",
        ),
        notes=(
            "Kunde svært misfornøyd med ventetid. Beklaget, gitt kompensasjon.",
            "Reklamasjon på skadet vare, ordre {order}. Sendt returetikett.",
            "klage på feil info fra oss tidligere. eskalert til teamleder.",
        ),
    ),
    "fault": ReasonTexts(
        subjects=("Noe fungerer ikke", "Feil på tjenesten", "Feilmelding"),
        messages=(
            "Tjenesten har ikke virket siden i morges. Jeg får bare en feilmelding.",
            "Det er noe galt med produktet – det slår seg av etter noen minutter.",
            "Hei, jeg får «Noe gikk galt» hver gang jeg prøver å betale.",
        ),
        notes=(
            "Kunde ringer ang. feil på tjenesten. Feilsøkt sammen med kunden, omstart løste det.",
            "Feil meldt videre til teknisk, kunden får svar på e-post.",
            "kjent feil, henvist til driftsmeldinger på nettsiden.",
        ),
    ),
    "login": ReasonTexts(
        subjects=("Får ikke logget inn", "Problemer med innlogging"),
        messages=(
            "Jeg får ikke logget inn på Min side. Har prøvd å tilbakestille passordet, men får "
            "ingen e-post.",
            "Innlogging med BankID feiler hver gang.",
        ),
        notes=(
            "kunde får ikke logget inn, sendt ny lenke for nytt passord.",
            "BankID-innlogging feiler, kjent feil. Henvist til driftsmelding.",
        ),
    ),
    "app-error": ReasonTexts(
        subjects=("Appen krasjer", "Feil i appen"),
        messages=(
            "Appen lukker seg hver gang jeg åpner den etter siste oppdatering.",
            "Nettsiden henger når jeg prøver å gå til kassen.",
        ),
        notes=(
            "Appen krasjer etter oppdatering. Bedt kunden reinstallere, meldt til utvikling.",
            "kunde får ikke fullført kjøp på nett, tatt ordren på telefon.",
        ),
    ),
    "wrong-information": ReasonTexts(
        subjects=("Feil informasjon på nettsiden", "Mangler informasjon", "Feil pris?"),
        messages=(
            "Prisen på nettsiden er ikke den samme som i kassen. Hvilken gjelder?",
            "Åpningstidene på nettsiden stemmer ikke – butikken var stengt da jeg kom.",
            "Det står ingenting om angrerett i ordrebekreftelsen.",
        ),
        notes=(
            "Kunde fikk feil pris på nett. Gitt riktig pris, meldt feil til nettredaksjonen.",
            "feil åpningstider på nettsiden, meldt videre.",
        ),
    ),
    "question": ReasonTexts(
        subjects=("Spørsmål", "Hvordan gjør jeg dette?", "Lurer på en ting"),
        messages=(
            "Hei! Hvordan endrer jeg passordet mitt?",
            "Hva er åpningstidene deres i påsken?",
            "Kan jeg hente bestillingen selv i stedet for å få den levert?",
        ),
        notes=(
            "Kunde lurte på åpningstider, informert.",
            "Veiledet kunden i å laste ned faktura fra Min side.",
            "spørsmål om garanti – 2 år, 5 år på varer ment å vare lenger.",
        ),
    ),
    "account": ReasonTexts(
        subjects=("Endre adresse", "Oppdatere kontaktinformasjon", "Bytte kontoeier"),
        messages=(
            "Jeg har flyttet og må oppdatere adressen. Ny adresse er Storgata 12, 0155 Oslo.",
            "Kan dere endre e-postadressen på kontoen min?",
            "Jeg vil overføre abonnementet til samboeren min. Hva må til?",
        ),
        notes=(
            "Kunde ringer for å endre adresse, oppdatert.",
            "endret tlf og e-post på kunden.",
            "Eierskifte, sendt skjema for overføring.",
        ),
    ),
    "cancellation": ReasonTexts(
        subjects=("Oppsigelse", "Avbestille ordre {order}", "Si opp abonnementet"),
        messages=(
            "Jeg ønsker å si opp abonnementet mitt fra neste måned.",
            "Kan jeg avbestille ordre {order}? Den er ikke sendt ennå.",
            "Jeg vil bruke angreretten på kjøpet mitt.",
        ),
        notes=(
            "Kunde vil si opp. Tilbudt rabatt, takket nei. Oppsigelse registrert.",
            "Avbestilt ordre {order} før utsendelse.",
            "angrerett brukt, sendt returetikett.",
        ),
    ),
    "praise": ReasonTexts(
        subjects=("Takk!", "Ros til kundeservice", "Fornøyd kunde"),
        messages=(
            "Vil bare si takk for rask og hyggelig hjelp i går!",
            "Pakken kom allerede dagen etter. Dere er supre!",
            "Takk til {agent} som hjalp meg så godt på telefonen forrige uke.",
        ),
        notes=("Kunde ringer bare for å takke for god hjelp.", "ros til butikken på Storo."),
    ),
    "other": ReasonTexts(
        subjects=("Henvendelse", "Annet", "Spørsmål om sponsing"),
        messages=(
            "Hei, har dere ledige stillinger i kundeservice?",
            "Tar dere imot sponsorforespørsler fra idrettslag?",
            "Jeg prøvde egentlig å nå banken min – har jeg kommet feil?",
        ),
        notes=(
            "Kunde ringte feil nummer, satt over.",
            "Spørsmål om sponsing, henvist til markedsavdelingen.",
            "samtalen ble brutt, ringte tilbake uten svar.",
        ),
    ),
}

TEXTS = LanguageTexts(
    reasons=REASONS,
    replies=(
        "Hei {first}!\n\nTakk for henvendelsen om {topic}. Vi har sett på saken, og nå skal "
        "alt være i orden. Si gjerne fra hvis noe fortsatt ikke stemmer.\n\nMed vennlig hilsen\n"
        "{agent}\nKundeservice",
        "Hei {first},\n\nBeklager at det har tatt tid å svare. Vi har sendt saken videre og kommer "
        "tilbake til deg så snart vi vet mer.\n\nVennlig hilsen\n{agent}",
        "Hei!\n\nTakk for at du tok kontakt. Kan du sende oss ordre- eller fakturanummeret, så ser "
        "vi nærmere på det?\n\nHilsen {agent}",
        "Hei {first}, dette er nå rettet opp. Ha en fin dag!\n\nMvh {agent}",
    ),
    follow_ups=(
        "Hei igjen. Jeg har ikke hørt noe fra dere – hva skjer med saken min?",
        "Takk for svar, men det stemmer fortsatt ikke. Kan dere se på det en gang til?",
        "Her er ordrenummeret: {order}. Håper det hjelper.",
        "Purring: jeg venter fortsatt på svar.",
    ),
    callbacks=(
        "Ringte kunden tilbake ang. {topic}, saken avklart.",
        "ringte kunde, ikke svar. sendt sms.",
        "Ringte tilbake som avtalt, kunden fornøyd med løsningen.",
    ),
    internal_notes=(
        "Sjekket i fakturasystemet, ser riktig ut.",
        "Venter på svar fra lageret.",
        "Sendt til 2. linje for vurdering.",
        "Kunden har hatt samme problem før, se tidligere saker.",
    ),
)
