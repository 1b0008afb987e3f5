"""Swedish demo texts."""

# Nordic typography writes ranges and asides with an en dash.
# ruff: noqa: RUF001
from __future__ import annotations

from lytte.demo.texts.structure import LanguageTexts, ReasonTexts

REASONS = {
    "order": ReasonTexts(
        subjects=("Fråga om order {order}", "Ändra beställning", "Ingen orderbekräftelse"),
        messages=(
            "Hej! Jag beställde igår (ordernr {order}) men har inte fått någon orderbekräftelse. "
            "Har beställningen gått igenom?",
            "Kan jag ändra leveransadressen på order {order}? Jag har flyttat.",
            "Jag vill lägga till en vara i min beställning innan den skickas. Går det?",
        ),
        notes=(
            "Kund ringer ang. order {order}, ville ändra antal. Ändrat i ordersystemet.",
            "kunden undrade om beställningen kommit in. bekräftat, skickat ny bekräftelse.",
            "Hjälpte kunden att beställa i webbshoppen, order {order} lagd.",
        ),
    ),
    "delivery": ReasonTexts(
        subjects=("Var är mitt paket?", "Leverans av order {order}", "Paketet har inte kommit"),
        messages=(
            "Hej. Mitt paket skulle ha levererats förra veckan men spårningen har stått still i "
            "flera dagar. Ordernummer {order}.",
            "Det står levererat, men det finns inget paket i brevlådan eller hos ombudet.",
            "Kan ni leverera en annan dag? Jag är bortrest hela veckan.",
        ),
        notes=(
            "Kund ringer ang. utebliven leverans, order {order}. Paketet står på terminalen, "
            "lovat återkoppling.",
            "kund ringer ang paket levererat till fel adress. ärende skapat hos PostNord.",
            "Frågar om leveranstid, informerat om 2–4 arbetsdagar.",
        ),
    ),
    "delayed-delivery": ReasonTexts(
        subjects=("Försenad leverans", "Order {order} är försenad"),
        messages=(
            "Min leverans är över en vecka försenad. Jag behöver varorna till helgen – kan ni "
            "kolla vad som händer?",
            "Fick besked om försening på order {order}. När kan jag räkna med den?",
        ),
        notes=(
            "kund ringer ang försenad leverans order {order}, bett om ursäkt och stött på lagret.",
            "Försening hos transportören, nytt leveransdatum fredag. Frakten återbetald.",
        ),
    ),
    "invoice": ReasonTexts(
        subjects=("Fråga om faktura {invoice}", "Faktura", "Har fått en påminnelse"),
        messages=(
            "Hej, jag har fått en påminnelse på faktura {invoice}, men jag betalade den för över "
            "en vecka sedan. Kan ni kontrollera?",
            "Kan jag få fakturan som e-faktura i stället för på papper?",
            "Jag förstår inte vad avgiften på senaste fakturan gäller. Kan någon förklara?",
        ),
        notes=(
            "Kund ringer ang. påminnelse på faktura {invoice}. Betalning registrerad idag, "
            "påminnelseavgift struken.",
            "Vill ha autogiro, skickat info om anmälan.",
            "fråga om fakturaavgift, förklarat. avgiften struken som goodwill.",
        ),
    ),
    "wrong-amount": ReasonTexts(
        subjects=("Fel belopp på fakturan", "Faktura {invoice} har fel belopp"),
        messages=(
            "Faktura {invoice} är på {amount}, men mitt avtal säger något helt annat. Det måste "
            "vara fel.",
            "Jag har fakturerats två gånger för samma månad – {amount} har dragits dubbelt.",
        ),
        notes=(
            "kund ringer ang faktura fel belopp ({amount}). kollat avtal, skickat kreditfaktura.",
            "Fel pris på faktura {invoice}, ny faktura skickad.",
        ),
    ),
    "payment-deferral": ReasonTexts(
        subjects=("Anstånd med betalning", "Kan jag skjuta upp betalningen?"),
        messages=(
            "Jag har haft oväntade utgifter. Kan jag få anstånd med faktura {invoice} i 14 dagar?",
            "Går det att dela upp {amount} på flera delbetalningar?",
        ),
        notes=(
            "Kund ber om anstånd med faktura {invoice}. Beviljat 14 dagar.",
            "avbetalningsplan för {amount} avtalad, 3 mån.",
        ),
    ),
    "complaint": ReasonTexts(
        subjects=("Reklamation", "Klagomål på order {order}", "Missnöjd med svaret"),
        messages=(
            "Varan var trasig när jag öppnade kartongen. Jag vill reklamera och få en ny.",
            "Jag har väntat i telefonkö i över 40 minuter två dagar i rad. Det håller inte.",
            "Produkten slutade fungera efter tre veckor. Det borde täckas av reklamationsrätten.",
        ),
        notes=(
            "Kund mycket missnöjd med väntetiden. Bett om ursäkt, gett kompensation.",
            "Reklamation på skadad vara, order {order}. Returetikett skickad.",
            "klagomål på fel info från oss tidigare, eskalerat till teamledare.",
        ),
    ),
    "fault": ReasonTexts(
        subjects=("Något fungerar inte", "Fel på tjänsten", "Felmeddelande"),
        messages=(
            "Tjänsten har inte fungerat sedan i morse. Jag får bara ett felmeddelande.",
            "Det är något fel på produkten – den stänger av sig efter några minuter.",
            "Jag får ”Något gick fel” varje gång jag försöker betala.",
        ),
        notes=(
            "Kund ringer ang. fel på tjänsten. Felsökt tillsammans, omstart löste det.",
            "Felet skickat till teknik, kunden får svar via mejl.",
            "känt fel, hänvisat till driftinformationen på webben.",
        ),
    ),
    "login": ReasonTexts(
        subjects=("Kan inte logga in", "Problem med inloggning"),
        messages=(
            "Jag kan inte logga in på Mina sidor. Har försökt återställa lösenordet men får "
            "inget mejl.",
            "Inloggning med BankID misslyckas varje gång.",
        ),
        notes=(
            "kund kan inte logga in, skickat ny länk för återställning.",
            "BankID-inloggning fungerar inte, känt fel. Hänvisat till driftinfo.",
        ),
    ),
    "app-error": ReasonTexts(
        subjects=("Appen kraschar", "Fel i appen"),
        messages=(
            "Appen stängs ner varje gång jag öppnar den efter senaste uppdateringen.",
            "Webbplatsen hänger sig när jag försöker gå till kassan.",
        ),
        notes=(
            "Appen kraschar efter uppdatering. Bett kunden installera om, rapporterat till "
            "utveckling.",
            "kund kan inte slutföra köp på webben, tagit ordern per telefon.",
        ),
    ),
    "wrong-information": ReasonTexts(
        subjects=("Fel information på webbplatsen", "Information saknas", "Fel pris?"),
        messages=(
            "Priset på webbplatsen är inte samma som i kassan. Vilket gäller?",
            "Öppettiderna på webben stämmer inte – butiken var stängd när jag kom.",
            "Det står ingenting om ångerrätt i orderbekräftelsen.",
        ),
        notes=(
            "Fel pris på webben, kunden fick rätt pris. Rapporterat till webbredaktionen.",
            "fel öppettider på webben, vidarebefordrat.",
        ),
    ),
    "question": ReasonTexts(
        subjects=("Fråga", "Hur gör jag?", "Undrar över en sak"),
        messages=(
            "Hej! Hur ändrar jag mitt lösenord?",
            "Vilka öppettider har ni under påsken?",
            "Kan jag hämta beställningen själv i stället för att få den levererad?",
        ),
        notes=(
            "Kund undrade över öppettider, informerat.",
            "Guidat kunden i att ladda ner faktura på Mina sidor.",
            "fråga om garanti, informerat om 3 års reklamationsrätt.",
        ),
    ),
    "account": ReasonTexts(
        subjects=("Ändra adress", "Uppdatera kontaktuppgifter", "Byte av kontoinnehavare"),
        messages=(
            "Jag har flyttat och behöver uppdatera adressen till Storgatan 3, 411 38 Göteborg.",
            "Kan ni ändra e-postadressen på mitt konto?",
            "Jag vill överlåta abonnemanget till min sambo. Hur gör jag?",
        ),
        notes=(
            "Kund ringer för att ändra adress, uppdaterat.",
            "ändrat tel och mejl på kunden.",
            "Ägarbyte, skickat blankett för överlåtelse.",
        ),
    ),
    "cancellation": ReasonTexts(
        subjects=("Uppsägning", "Avbeställa order {order}", "Säga upp abonnemang"),
        messages=(
            "Jag vill säga upp mitt abonnemang från och med nästa månad.",
            "Kan jag avbeställa order {order}? Den har inte skickats än.",
            "Jag vill utnyttja ångerrätten på mitt köp.",
        ),
        notes=(
            "Kund vill säga upp. Erbjudit rabatt, tackade nej. Uppsägning registrerad.",
            "Avbeställt order {order} före leverans.",
            "ångerrätt nyttjad, returetikett skickad.",
        ),
    ),
    "praise": ReasonTexts(
        subjects=("Tack!", "Beröm till kundtjänst", "Nöjd kund"),
        messages=(
            "Vill bara tacka för snabb och trevlig hjälp igår!",
            "Paketet kom redan dagen efter. Ni är grymma!",
            "Tack till {agent} som hjälpte mig så bra i telefon förra veckan.",
        ),
        notes=("Kund ringer bara för att tacka för bra hjälp.", "beröm till butiken i Lund."),
    ),
    "other": ReasonTexts(
        subjects=("Ärende", "Övrigt", "Fråga om sponsring"),
        messages=(
            "Hej, har ni några lediga jobb på kundtjänst?",
            "Sponsrar ni lokala idrottsföreningar?",
            "Jag försökte egentligen nå min bank – har jag kommit fel?",
        ),
        notes=(
            "Kund ringde fel nummer, kopplat vidare.",
            "Fråga om sponsring, hänvisat till marknadsavdelningen.",
            "samtalet bröts, ringt upp utan svar.",
        ),
    ),
}

TEXTS = LanguageTexts(
    reasons=REASONS,
    replies=(
        "Hej {first}!\n\nTack för ditt ärende om {topic}. Vi har tittat på saken och nu ska allt "
        "vara i ordning. Hör gärna av dig om något fortfarande inte stämmer.\n\nMed vänliga "
        "hälsningar\n{agent}\nKundtjänst",
        "Hej {first},\n\nVi ber om ursäkt för den långa svarstiden. Vi har skickat ärendet vidare "
        "och återkommer så snart vi vet mer.\n\nVänliga hälsningar\n{agent}",
        "Hej!\n\nTack för att du hörde av dig. Kan du skicka order- eller fakturanumret så tittar "
        "vi närmare på det?\n\nHälsningar {agent}",
        "Hej {first}, nu är det åtgärdat. Ha en fin dag!\n\nMvh {agent}",
    ),
    follow_ups=(
        "Hej igen. Jag har inte hört något från er – vad händer med mitt ärende?",
        "Tack för svaret, men det stämmer fortfarande inte. Kan ni titta på det igen?",
        "Här är ordernumret: {order}.",
        "Påminnelse: jag väntar fortfarande på svar.",
    ),
    callbacks=(
        "Ringde upp kunden ang. {topic}, ärendet klart.",
        "ringt kund, inget svar. skickat sms.",
        "Ringde tillbaka som avtalat, kunden nöjd med lösningen.",
    ),
    internal_notes=(
        "Kollat i faktureringssystemet, ser korrekt ut.",
        "Väntar på svar från lagret.",
        "Skickat till andra linjen för bedömning.",
        "Kunden har haft samma problem tidigare, se tidigare ärenden.",
    ),
)
