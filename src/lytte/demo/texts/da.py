"""Danish demo texts."""

# Nordic typography writes ranges and asides with an en dash.
# ruff: noqa: RUF001
from __future__ import annotations

from lytte.demo.texts.structure import LanguageTexts, ReasonTexts

REASONS = {
    "order": ReasonTexts(
        subjects=("Spørgsmål til ordre {order}", "Ændring af bestilling", "Ingen ordrebekræftelse"),
        messages=(
            "Hej. Jeg bestilte i går (ordrenr. {order}), men har ikke fået nogen "
            "ordrebekræftelse. Er bestillingen gået igennem?",
            "Kan jeg ændre leveringsadressen på ordre {order}? Jeg er flyttet.",
            "Jeg vil gerne tilføje en vare til min bestilling, inden den bliver sendt.",
        ),
        notes=(
            "Kunde ringer ang. ordre {order}, ville ændre antal. Rettet i ordresystemet.",
            "kunden ville vide om bestillingen var modtaget. bekræftet og sendt ny mail.",
            "Hjalp kunden med at bestille i webshoppen, ordre {order} oprettet.",
        ),
    ),
    "delivery": ReasonTexts(
        subjects=("Hvor er min pakke?", "Levering af ordre {order}", "Pakken er ikke kommet"),
        messages=(
            "Hej. Min pakke skulle være leveret i sidste uge, men sporingen har stået stille i "
            "flere dage. Ordrenummer {order}.",
            "Der står leveret, men der er ingen pakke i postkassen eller i pakkeshoppen.",
            "Kan I levere en anden dag? Jeg er bortrejst resten af ugen.",
        ),
        notes=(
            "Kunde ringer ang. manglende levering, ordre {order}. Pakken står på terminalen, "
            "lovet opfølgning.",
            "kunde ringer ang pakke leveret til forkert adresse. oprettet sag hos GLS.",
            "Spørger til leveringstid, oplyst 2-4 hverdage.",
        ),
    ),
    "delayed-delivery": ReasonTexts(
        subjects=("Forsinket levering", "Ordre {order} er forsinket"),
        messages=(
            "Min levering er over en uge forsinket. Jeg skal bruge varerne i weekenden – kan I "
            "undersøge det?",
            "Jeg fik besked om forsinkelse på ordre {order}. Hvornår kommer den?",
        ),
        notes=(
            "kunde ringer ang forsinket levering ordre {order}, undskyldt og rykket lageret.",
            "Forsinkelse hos fragtfirma, ny leveringsdato fredag. Fragt refunderet.",
        ),
    ),
    "invoice": ReasonTexts(
        subjects=("Spørgsmål til faktura {invoice}", "Faktura", "Har fået en rykker"),
        messages=(
            "Hej, jeg har fået en rykker på faktura {invoice}, men jeg betalte den for over en uge "
            "siden. Kan I tjekke det?",
            "Kan jeg få fakturaen tilsendt via e-Boks i stedet for på papir?",
            "Jeg forstår ikke gebyret på min seneste faktura. Hvad dækker det?",
        ),
        notes=(
            "Kunde ringer ang. rykker på faktura {invoice}. Betaling registreret i dag, rykker "
            "annulleret.",
            "Ønsker Betalingsservice, sendt vejledning til tilmelding.",
            "spørgsmål til fakturagebyr, forklaret. gebyr frafaldet.",
        ),
    ),
    "wrong-amount": ReasonTexts(
        subjects=("Forkert beløb på faktura", "Faktura {invoice} har forkert beløb"),
        messages=(
            "Faktura {invoice} lyder på {amount}, men det passer ikke med min aftale. Der må "
            "være en fejl.",
            "Jeg er blevet faktureret to gange for samme måned – {amount} er trukket dobbelt.",
        ),
        notes=(
            "kunde ringer ang faktura forkert beløb ({amount}). tjekket aftale, sendt kreditnota.",
            "Forkert pris på faktura {invoice}, ny faktura sendt.",
        ),
    ),
    "payment-deferral": ReasonTexts(
        subjects=("Henstand med betaling", "Kan jeg udskyde betalingen?"),
        messages=(
            "Jeg har haft uforudsete udgifter. Kan jeg få henstand med faktura {invoice} i 14 "
            "dage?",
            "Er det muligt at dele {amount} op i rater?",
        ),
        notes=(
            "Kunde beder om henstand på faktura {invoice}. Bevilget 14 dage.",
            "ratebetaling af {amount} aftalt over 3 mdr.",
        ),
    ),
    "complaint": ReasonTexts(
        subjects=("Reklamation", "Klage over ordre {order}", "Utilfreds med svaret"),
        messages=(
            "Varen var i stykker, da jeg åbnede æsken. Jeg vil gerne reklamere og have en ny.",
            "Jeg har ventet i telefonkø i over 40 minutter to dage i træk. Det er ikke i orden.",
            "Produktet holdt op med at virke efter tre uger. Det må være omfattet af "
            "reklamationsretten.",
        ),
        notes=(
            "Kunde meget utilfreds med ventetid. Undskyldt, givet kompensation.",
            "Reklamation på beskadiget vare, ordre {order}. Returlabel sendt.",
            "klage over forkert info fra os, eskaleret til teamleder.",
        ),
    ),
    "fault": ReasonTexts(
        subjects=("Noget virker ikke", "Fejl på tjenesten", "Fejlmeddelelse"),
        messages=(
            "Tjenesten har ikke virket siden i morges. Jeg får bare en fejlmeddelelse.",
            "Der er noget galt med produktet – det slukker efter et par minutter.",
            "Jeg får «Der opstod en fejl», hver gang jeg prøver at betale.",
        ),
        notes=(
            "Kunde ringer ang. fejl på tjenesten. Fejlsøgt sammen, genstart løste problemet.",
            "Fejl sendt videre til teknik, kunden får svar på mail.",
            "kendt fejl, henvist til driftsstatus på hjemmesiden.",
        ),
    ),
    "login": ReasonTexts(
        subjects=("Kan ikke logge ind", "Problemer med login"),
        messages=(
            "Jeg kan ikke logge ind på Min side. Jeg har nulstillet adgangskoden, men får ingen "
            "mail.",
            "Login med MitID fejler hver gang.",
        ),
        notes=(
            "kunde kan ikke logge ind, sendt nyt link til nulstilling.",
            "MitID-login fejler, kendt fejl. Henvist til driftsstatus.",
        ),
    ),
    "app-error": ReasonTexts(
        subjects=("Appen går ned", "Fejl i appen"),
        messages=(
            "Appen lukker ned, hver gang jeg åbner den efter seneste opdatering.",
            "Hjemmesiden hænger, når jeg vil gå til kassen.",
        ),
        notes=(
            "Appen crasher efter opdatering. Bedt kunden geninstallere, meldt til udvikling.",
            "kunde kan ikke gennemføre køb online, ordren taget telefonisk.",
        ),
    ),
    "wrong-information": ReasonTexts(
        subjects=("Forkert information på hjemmesiden", "Manglende oplysninger", "Forkert pris?"),
        messages=(
            "Prisen på hjemmesiden er ikke den samme som ved kassen. Hvilken gælder?",
            "Åbningstiderne på hjemmesiden passer ikke – butikken var lukket.",
            "Der står intet om fortrydelsesret i ordrebekræftelsen.",
        ),
        notes=(
            "Forkert pris online, kunden fik den rigtige pris. Fejlen meldt til webredaktionen.",
            "forkerte åbningstider på hjemmesiden, meldt videre.",
        ),
    ),
    "question": ReasonTexts(
        subjects=("Spørgsmål", "Hvordan gør jeg?", "Et hurtigt spørgsmål"),
        messages=(
            "Hej! Hvordan ændrer jeg min adgangskode?",
            "Hvad er jeres åbningstider i påsken?",
            "Kan jeg selv hente min bestilling i stedet for at få den leveret?",
        ),
        notes=(
            "Kunde spurgte til åbningstider, oplyst.",
            "Vejledt kunden i at hente faktura på Min side.",
            "spørgsmål om garanti, oplyst 2 års reklamationsret.",
        ),
    ),
    "account": ReasonTexts(
        subjects=("Ændring af adresse", "Opdatere kontaktoplysninger", "Skift af kontoejer"),
        messages=(
            "Jeg er flyttet og skal have opdateret min adresse til Nørregade 7, 8000 Aarhus C.",
            "Kan I ændre e-mailadressen på min konto?",
            "Jeg vil overdrage abonnementet til min kæreste. Hvad skal der til?",
        ),
        notes=(
            "Kunde ringer for at ændre adresse, opdateret.",
            "ændret tlf og mail på kunden.",
            "Ejerskifte, sendt blanket til overdragelse.",
        ),
    ),
    "cancellation": ReasonTexts(
        subjects=("Opsigelse", "Afbestilling af ordre {order}", "Opsige abonnement"),
        messages=(
            "Jeg vil gerne opsige mit abonnement fra næste måned.",
            "Kan jeg afbestille ordre {order}? Den er ikke sendt endnu.",
            "Jeg vil gøre brug af fortrydelsesretten på mit køb.",
        ),
        notes=(
            "Kunde vil opsige. Tilbudt rabat, takkede nej. Opsigelse registreret.",
            "Afbestilt ordre {order} inden afsendelse.",
            "fortrydelsesret brugt, returlabel sendt.",
        ),
    ),
    "praise": ReasonTexts(
        subjects=("Tak!", "Ros til kundeservice", "Tilfreds kunde"),
        messages=(
            "Jeg vil bare sige tak for hurtig og venlig hjælp i går!",
            "Pakken kom allerede dagen efter. I er gode!",
            "Tak til {agent}, der hjalp mig så godt i telefonen i sidste uge.",
        ),
        notes=("Kunde ringer bare for at sige tak for god hjælp.", "ros til butikken i Odense."),
    ),
    "other": ReasonTexts(
        subjects=("Henvendelse", "Andet", "Spørgsmål om sponsorat"),
        messages=(
            "Hej, har I ledige stillinger i kundeservice?",
            "Støtter I lokale sportsklubber med sponsorater?",
            "Jeg prøvede egentlig at ringe til min bank – er jeg kommet forkert?",
        ),
        notes=(
            "Kunde ringede forkert, stillet videre.",
            "Spørgsmål om sponsorat, henvist til marketing.",
            "samtalen blev afbrudt, ringet op uden svar.",
        ),
    ),
}

TEXTS = LanguageTexts(
    reasons=REASONS,
    replies=(
        "Hej {first}\n\nTak for din henvendelse om {topic}. Vi har kigget på sagen, og nu skulle "
        "alt være i orden. Skriv endelig, hvis noget stadig ikke passer.\n\nVenlig hilsen\n"
        "{agent}\nKundeservice",
        "Hej {first}\n\nBeklager den lange svartid. Vi har sendt sagen videre og vender tilbage, "
        "så snart vi ved mere.\n\nMed venlig hilsen\n{agent}",
        "Hej\n\nTak fordi du skrev. Vil du sende os ordre- eller fakturanummeret, så vi kan se "
        "nærmere på det?\n\nHilsen {agent}",
        "Hej {first}, det er nu rettet. Hav en god dag!\n\nMvh. {agent}",
    ),
    follow_ups=(
        "Hej igen. Jeg har ikke hørt fra jer – hvad sker der med min sag?",
        "Tak for svaret, men det passer stadig ikke. Vil I se på det igen?",
        "Her er ordrenummeret: {order}.",
        "Rykker for svar – jeg venter stadig.",
    ),
    callbacks=(
        "Ringede kunden op ang. {topic}, sagen afklaret.",
        "ringet til kunde, intet svar. sendt sms.",
        "Ringede tilbage som aftalt, kunden tilfreds med løsningen.",
    ),
    internal_notes=(
        "Tjekket i faktureringssystemet, ser korrekt ud.",
        "Afventer svar fra lageret.",
        "Sendt til 2. level til vurdering.",
        "Kunden har haft samme problem før, se tidligere sager.",
    ),
)
