"""Words too common to help find an article, per language: pronouns, articles, auxiliaries,
prepositions, negations and question words (from the Snowball lists, shortened). A question
made only of these ("hvordan gjør jeg det?") finds nothing, as it should. "opp", "op" and "upp"
are kept: "si opp", "sige op", "säga upp" are how customers say they want to cancel. The desk
adds the words every note says (`lytte.desk.knowledge`)."""

from __future__ import annotations

_LISTS = {
    "nb": """
        og i jeg det at en et den til er som på de med han av for ikke der så var meg seg men
        ett har om vi min mitt ha hadde hun nå over da ved fra du ut sin dem oss man kan
        hans hvor eller hva skal selv sjøl her alle vil bli ble blitt kunne inn når være kom
        noen noe ville dere som deres kun ja etter ned skulle denne for deg si sine sitt mot
        å meget hvorfor dette disse uten hvordan ingen din ditt blir samme hvilken hvilke
        sånn inni mellom vår hver hvem vors hvis både bare enn fordi før mange også slik
        vært være begge siden henne hennes jo litt mye få får fikk går gjør gjøre må mitt
        mine min
    """,
    "da": """
        og i jeg det at en den til er som på de med han af for ikke der var mig sig men et
        har om vi min havde ham hun nu over da fra du ud sin dem os man hans hvor eller
        hvad skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter
        ned skulle denne end dette mit også under have dig anden hende mine alt meget sit
        sine vor mod disse hvis din nogle hos blive mange ad bliver hendes været thi jer
        sådan hvordan hvorfor hvem hvilken kan får få gør gøre må
    """,
    "sv": """
        och det att i en jag hon som han på den med var sig för så till är men ett om hade
        de av icke mig du henne då sin nu har inte hans honom skulle hennes där min man ej
        vid kunde något från ut när efter vi dem vara vad över än dig kan sina här ha
        mot alla under någon eller allt mycket sedan ju denna själv detta åt utan varit hur
        ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken er sådan vår
        blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitta sådana vart
        dina vars vårt våra ert era vilkas får få gör göra måste
    """,
    "fi": """
        olla olen olet on olemme olette ovat ole oli olisi ollut ei en et emme ette eivät
        minä sinä hän me te he tämä tuo se nämä nuo ne kuka mikä mitä miksi miten kuinka
        missä mihin mistä milloin joka jotka että ja jos koska kun mutta niin sekä sillä tai
        vaan vai vaikka kanssa mukaan noin ole voi voin voinko voiko pitää pitäisi minun
        minulla minulle minut sinun sinulla sen sitä siitä siinä myös vielä jo nyt
    """,
    "en": """
        a an the and or but if then of at by for with about to from in on into over under
        is are was were be been being am do does did doing have has had having i me my mine
        you your yours we our us he him his she her it its they them their this that these
        those what which who whom how why when where can could would should will shall may
        might must not no so than too very just also there here as up out get got
    """,
}

STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split()) for language, words in _LISTS.items()
}
