"""Keyword rules for the seeded reasons in five languages, so suggestions work before the model
has history to learn from. Admins edit them; the model takes over a reason once it has enough
categorised texts."""

from django.db import migrations

# reason code → language → stems (a stem matches the start of a word)
RULES = {
    "order": {
        "en": "order\npurchase\nbuy\nadd to my order\norder confirmation",
        "nb": "bestill\nbestilling\nordre\nkjøpe\nordrebekreftelse",
        "da": "bestil\nbestilling\nordre\nkøbe\nordrebekræftelse",
        "sv": "beställ\nbeställning\norder\nköpa\norderbekräftelse",
        "fi": "tilau\ntilaus\ntilasin\nostaa\ntilausvahvistus",
    },
    "delivery": {
        "en": "delivery\ndeliver\nparcel\npackage\ntracking\ncourier\nshipping",
        "nb": "lever\npakke\nsending\nsporing\nbud\nfrakt\nhentested",
        "da": "lever\npakke\nforsendelse\nsporing\nbud\nfragt\npakkeshop",
        "sv": "leverans\nlevere\npaket\nförsändelse\nspårning\nbud\nfrakt\nombud",
        "fi": "toimitus\ntoimit\npaketti\nlähetys\nseuranta\nkuriiri\nnouto",
    },
    "invoice": {
        "en": "invoice\nbill\npayment\ncharged\nrefund\nreminder\ndirect debit",
        "nb": "faktura\nregning\nbetal\nbeløp\ntrukket\npurring\nefaktura\navtalegiro",
        "da": "faktura\nregning\nbetal\nbeløb\ntrukket\nrykker\nbetalingsservice",
        "sv": "faktura\nräkning\nbetal\nbelopp\ndragit\npåminnelse\nautogiro",
        "fi": "lasku\nmaksu\nmaksa\nveloit\nhyvit\nmuistutus\ne-lasku\nsumma",
    },
    "complaint": {
        "en": "complain\nunacceptable\ncompensation\ndisappointed\nterrible service",
        "nb": "klage\nklager\nerstatning\nkompensasjon\nskuffet\nuakseptabel\nelendig",
        "da": "klage\nerstatning\nkompensation\nskuffet\nuacceptabel\nelendig",
        "sv": "klagomål\nklaga\nersättning\nkompensation\nbesviken\noacceptabel\nreklamation",
        "fi": "reklamaatio\nvalitus\nvalitan\nhyvitys\npettynyt\nkorvaus\nhuono palvelu",
    },
    "fault": {
        "en": "not working\ndoesn't work\nbroken\nerror\ndown\noutage\ncrash",
        "nb": "virker ikke\nfungerer ikke\nfeil\nødelagt\nnede\nbrudd\nstrømbrudd\nkrasj",
        "da": "virker ikke\nfungerer ikke\nfejl\nødelagt\nnede\nafbrydelse\nstrømafbrydelse",
        "sv": "fungerar inte\nfunkar inte\nfel\ntrasig\nnere\navbrott\nströmavbrott\nkrasch",
        "fi": "ei toimi\nvika\nrikki\nhäiriö\nkatko\nsähkökatko\nvirhe\nkaatuu",
    },
    "wrong-information": {
        "en": "wrong information\nmisleading\nincorrect\nwebsite says\nwas told",
        "nb": "feil informasjon\nfeilinformasjon\nmisvisende\nfikk beskjed\nnettsiden sier\nmangler informasjon",
        "da": "forkert information\nmisvisende\nfik at vide\nhjemmesiden siger\nmangler information",
        "sv": "felaktig information\nfel information\nvilseledande\nfick veta\nhemsidan säger\nsaknas information",
        "fi": "väärää tietoa\nväärä tieto\nharhaanjohtava\nsivuilla lukee\npuuttuu tieto",
    },
    "question": {
        "en": "how do i\nhow can i\nquestion\nwhere can i find\nopening hours\nis it possible",
        "nb": "hvordan\nspørsmål\nlurer på\nhvor finner\nåpningstid\ner det mulig",
        "da": "hvordan\nspørgsmål\nhvor finder\nåbningstid\ner det muligt",
        "sv": "hur gör\nhur kan\nfråga\nundrar\nvar hittar\nöppettid\när det möjligt",
        "fi": "miten\nkuinka\nkysymys\nmistä löydän\naukioloaj\nonko mahdollista",
    },
    "account": {
        "en": "change my address\nnew address\npassword\nlog in\naccount\nmoving",
        "nb": "adresse\nflytte\nflytting\npassord\nlogge inn\nbrukerkonto\nfullmakt\nendre navn",
        "da": "adresse\nflytte\nflytning\nadgangskode\nlogge ind\nkonto\nfuldmagt",
        "sv": "adress\nflytta\nflytt\nlösenord\nlogga in\nkonto\nfullmakt\nbyta namn",
        "fi": "osoit\nmuutto\nmuutan\nsalasana\nkirjautu\ntili\nvaltakirja",
    },
    "cancellation": {
        "en": "cancel\nterminate\nunsubscribe\nend my contract\nnotice period",
        "nb": "si opp\noppsigelse\navbestill\nangrerett\nkansellere\nbindingstid",
        "da": "opsig\nopsigelse\nafbestil\nfortrydelsesret\nannullere\nbindingsperiode",
        "sv": "säga upp\nuppsägning\navboka\navbeställ\nångerrätt\nbindningstid",
        "fi": "irtisano\nirtisanominen\nperu\nperuutus\nperuuttaa\nlopettaa sopimus",
    },
    "praise": {
        "en": "thank you\nthanks\ngreat service\nvery happy\nexcellent",
        "nb": "takk\ntusen takk\nfornøyd\nkjempebra\nflott service",
        "da": "tak\ntusind tak\ntilfreds\nsuper service\nfantastisk",
        "sv": "tack\ntusen tack\nnöjd\njättebra\ngrym service",
        "fi": "kiitos\nkiitti\ntyytyväinen\nloistava palvelu\nerinomainen",
    },
}


def seed(apps, schema_editor):
    ContactReason = apps.get_model("cases", "ContactReason")
    KeywordRule = apps.get_model("insights", "KeywordRule")
    reasons = {reason.code: reason for reason in ContactReason.objects.filter(code__in=RULES)}
    KeywordRule.objects.bulk_create(
        KeywordRule(reason=reasons[code], language=language, keywords=keywords)
        for code, languages in RULES.items()
        if code in reasons
        for language, keywords in languages.items()
    )


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial"), ("cases", "0002_seed_reasons")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
