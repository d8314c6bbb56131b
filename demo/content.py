"""The demo library's staff and what they wrote: Dutch, written for Blognet, no lorem ipsum."""

DEMO_PASSWORD = "blognet-demo"

# username, display name, department, bio
STAFF = [
    (
        "demo",
        "Demi de Boer",
        "Publieksdiensten",
        "Ik werk aan de balie in de Centrale Bibliotheek en probeer Blognet uit.",
    ),
    (
        "wilma",
        "Wilma Bakker",
        "Directie",
        "Directeur. Ik lees elke week wat jullie schrijven, ook als ik niet reageer.",
    ),
    (
        "ahmed",
        "Ahmed El Amrani",
        "Jeugd en Onderwijs",
        "Leesconsulent voor het primair onderwijs in de wijken Noord en Oost.",
    ),
    ("sanne", "Sanne Visser", "Jeugd en Onderwijs", "Ik organiseer de voorleesuurtjes en de Kinderboekenweek."),
    ("pieter", "Pieter de Jong", "Collectie", "Collectiespecialist non-fictie. Vraag me gerust naar aanschafwensen."),
    ("fatima", "Fatima Ouali", "Collectie", "Ik zorg dat nieuwe boeken snel en goed beschreven in de kast staan."),
    ("joost", "Joost Mulder", "ICT", "Applicatiebeheer: catalogus, zelfservice-automaten en het wifi-netwerk."),
    ("marieke", "Marieke Smit", "Publieksdiensten", "Teamleider vestiging Oost. Koffie staat altijd klaar."),
    ("daan", "Daan Hendriks", "Publieksdiensten", "Medewerker servicepunt en vrijwilligerscoördinator."),
    ("lotte", "Lotte van Dijk", "Marketing en Communicatie", "Ik schrijf de nieuwsbrief en beheer onze sociale media."),
    ("ruud", "Ruud Kok", "ICT", "Netwerkbeheerder. Als de printer het niet doet, weet je me te vinden."),
    ("esther", "Esther Peters", "Directie", "Manager Publieksdiensten en Jeugd."),
    ("bas", "Bas Willems", "Publieksdiensten", "Medewerker vestiging Noord. Ik hou van plannen die ook echt gebeuren."),
    ("josien", "Josien Verbeek", "Jeugd en Onderwijs", "Mediacoach voor scholen en ouders, vooral in vestiging Zuid."),
]

# In the managers group: they see the participation dashboard and get the weekly digest.
MANAGERS = ["wilma", "esther"]

# author, blog ("personal" or a blog slug), title, tags, days ago (None: a draft), body
POSTS = [
    (
        "wilma",
        "personeelsblog",
        "Hoe komen we van ideeën tot daden?",
        ["samenwerken", "ideeën"],
        24,
        "Beste collega's,\n\nEr staan veel goede ideeën op jullie blogs. Maar ze raken verspreid over blogs die niet "
        "iedereen leest, het gesprek valt stil en er wordt niets besloten.\n\n**Hoe zorgen we dat het niet bij "
        "ideeën blijft, maar dat we tot daden komen?** Ik hoor graag hoe jullie dat zouden doen.",
    ),
    (
        "bas",
        "personeelsblog",
        "Eén personeelsblog, met afspraken over de uitvoering",
        ["samenwerken", "ideeën", "blognet"],
        22,
        "Naar aanleiding van de vraag van @wilma: mijn idee is **één personeelsblog** waar we alle ideeën voor het "
        "werk opschrijven en bespreken.\n\nEen idee dat genoeg steun heeft, eindigt in een afspraak: wat we doen, "
        "wie het oppakt en wanneer het klaar is. Zo weet iedereen waar hij of zij aan toe is, en kunnen we terugkijken "
        "wat er van onze plannen terechtkwam.\n\nIk maak er een voorstel van; laat weten of je akkoord bent.",
    ),
    (
        "sanne",
        "personeelsblog",
        "Voorleesplanning voor alle vestigingen",
        ["jeugd", "leesbevordering"],
        18,
        "Elke vestiging plant nu zelf de voorleesuurtjes. Daardoor vallen ze soms op dezelfde ochtend en missen "
        "ouders ze in andere weken.\n\nIk stel voor dat we één planning maken voor alle vestigingen, die @ahmed en "
        "ik bijhouden.",
    ),
    (
        "wilma",
        "personeelsblog",
        "Welkom op Blognet",
        ["blognet", "samenwerken"],
        20,
        "Beste collega's,\n\nVanaf vandaag hebben we **Blognet**: één plek waar we ideeën delen, vragen stellen en samen "
        "afspraken maken. Iedereen heeft een eigen blog, en op het Personeelsblog mag iedereen schrijven.\n\n"
        "Wat ik van jullie vraag:\n\n- schrijf kort en concreet;\n- reageer op elkaar, ook als je het oneens bent;\n"
        "- noem een collega met een apenstaartje als je zijn of haar mening wilt horen.\n\nIk lees mee!",
    ),
    (
        "marieke",
        "personeelsblog",
        "Nieuwe openingstijden vestiging Oost",
        ["openingstijden", "vestiging-oost"],
        12,
        "Vanaf 1 januari is vestiging Oost ook op **zaterdagmiddag** open, van 12.00 tot 16.00 uur.\n\n"
        "We zoeken nog collega's die een paar zaterdagen per kwartaal willen meedraaien. Zaterdagdiensten tellen "
        "als reguliere uren met de gebruikelijke toeslag.\n\nLaat het me voor 15 december weten.",
    ),
    (
        "joost",
        "personeelsblog",
        "Storing zelfservice-automaten opgelost",
        ["ict", "storing"],
        6,
        "De zelfservice-automaten in de Centrale Bibliotheek deden het dinsdagochtend niet. Oorzaak: een "
        "verlopen certificaat op de koppeling met het bibliotheeksysteem.\n\n## Wat we hebben gedaan\n\n"
        "1. Het certificaat vernieuwd.\n2. Een herinnering ingesteld, dertig dagen voor de volgende verloopdatum.\n\n"
        "Dank aan de baliecollega's voor het geduld en het handmatig uitlenen!",
    ),
    (
        "lotte",
        "personeelsblog",
        "Ideeën gezocht voor de Maand van de Geschiedenis",
        ["activiteiten", "ideeën"],
        3,
        "In oktober is het weer de Maand van de Geschiedenis. Dit jaar is het thema *Grenzen*.\n\n"
        "Heb je een idee voor een lezing, tentoonstelling of wandeling? Schrijf het hieronder of maak er een eigen "
        "bericht van. Ik verzamel alles en maak voor de zomer een voorstel.",
    ),
    (
        "ahmed",
        "personal",
        "Voorlezen in groep 3: wat werkt",
        ["leesbevordering", "onderwijs"],
        15,
        "Na veertig bezoeken aan groepen 3 in Noord en Oost een paar lessen:\n\n- **Korte boeken** met veel herhaling "
        "houden de aandacht het best vast.\n- Kinderen laten raden wat er op de volgende bladzijde gebeurt werkt beter "
        "dan vragen achteraf.\n- Leerkrachten lezen vaker zelf voor als ze een boek mogen houden.\n\n"
        "Ik zet een lijst met titels op de gedeelde schijf.",
    ),
    (
        "sanne",
        "personal",
        "Kinderboekenweek: terugblik",
        ["kinderboekenweek", "jeugd"],
        25,
        "Wat een week! Ruim 1.800 kinderen bezochten een van de activiteiten.\n\nHoogtepunt: de schrijversmiddag "
        "met vier auteurs, waar de zaal twee keer vol zat. Minder goed liep de knutselochtend op woensdag; "
        "volgend jaar plannen we die op zaterdag.\n\nDank aan iedereen die heeft geholpen.",
    ),
    (
        "pieter",
        "personal",
        "Aanschafwensen voor het eerste kwartaal",
        ["collectie", "aanschaf"],
        9,
        "Het budget voor het eerste kwartaal is bekend. Heb je titels die leners vaak vragen maar die we niet "
        "hebben? Zet ze in een reactie of mail ze me.\n\nIk let vooral op:\n\n- actuele non-fictie over klimaat en "
        "geld;\n- boeken in makkelijk Nederlands;\n- streektaal en lokale geschiedenis.",
    ),
    (
        "fatima",
        "personal",
        "Zo beschrijven we e-books voortaan",
        ["collectie", "catalogus"],
        4,
        "Vanaf deze maand beschrijven we e-books in dezelfde titelbeschrijving als het papieren boek. Leners zien "
        "dan in één oogopslag alle vormen.\n\n> Zoeken wordt zo eenvoudiger, ook voor collega's aan de balie.\n\n"
        "Vragen? Stel ze gerust.",
    ),
    (
        "daan",
        "personal",
        "Vrijwilligersavond 12 december",
        ["vrijwilligers"],
        2,
        "Op donderdag 12 december bedanken we onze vrijwilligers met een avond in de Centrale Bibliotheek. "
        "Er is eten, een quiz en een korte voorstelling van de theatergroep.\n\nWie helpt met opbouwen vanaf 17.00 uur?",
    ),
    (
        "ruud",
        "personal",
        "Nieuwe printers op de eerste verdieping",
        ["ict"],
        1,
        "De oude printers op de eerste verdieping zijn vervangen. Inloggen gaat nu met de bibliotheekpas. Staat je "
        "printopdracht er niet bij? Controleer dan of je de printer **Bieb-1e** hebt gekozen.",
    ),
    (
        "esther",
        "personal",
        "Gesprekken over het jaarplan",
        ["jaarplan", "samenwerken"],
        7,
        "In januari wil ik met elk team een uur praten over het jaarplan. Ik kom naar jullie toe.\n\nVragen die ik "
        "meeneem:\n\n1. Waar zijn jullie trots op?\n2. Wat kost onnodig veel tijd?\n3. Wat zouden jullie doen met "
        "een extra dag per maand?",
    ),
    (
        "demo",
        "personal",
        "Mijn eerste bericht",
        ["blognet"],
        5,
        "Hallo collega's! Dit is mijn eerste bericht op Blognet. Ik werk aan de balie en schrijf hier af en toe over "
        "wat leners ons vragen.",
    ),
    (
        "demo",
        "personal",
        "Idee: een leestafel voor nieuwe Nederlanders",
        ["ideeën", "taal"],
        None,
        "Nog niet af. Een vaste tafel met boeken in makkelijk Nederlands, woordenboeken en elke week een "
        "vrijwilliger die helpt.",
    ),
]

# post title, author, reply to (index in this list, or None), body
COMMENTS = [
    (
        "Welkom op Blognet",
        "marieke",
        None,
        "Mooi! Ik ga het Personeelsblog gebruiken voor het rooster van vestiging Oost.",
    ),
    (
        "Welkom op Blognet",
        "joost",
        0,
        "@marieke, laat het weten als je ergens tegenaan loopt. Afbeeldingen kun je gewoon in de editor slepen.",
    ),
    ("Welkom op Blognet", "marieke", 1, "@joost, dank je! Werkt prima."),
    (
        "Welkom op Blognet",
        "ahmed",
        None,
        "Fijn dat we nu op één plek zitten. @sanne, zullen we hier de voorleesplanning delen?",
    ),
    ("Welkom op Blognet", "sanne", 3, "@ahmed, goed plan. Ik zet er deze week een bericht over op."),
    ("Nieuwe openingstijden vestiging Oost", "daan", None, "Ik wil wel twee zaterdagen per kwartaal meedraaien."),
    ("Nieuwe openingstijden vestiging Oost", "demo", None, "Ik ook, het liefst in de even weken."),
    ("Nieuwe openingstijden vestiging Oost", "marieke", 6, "@demo, genoteerd. Ik maak het rooster voor 20 december."),
    (
        "Ideeën gezocht voor de Maand van de Geschiedenis",
        "pieter",
        None,
        "Een wandeling langs de oude stadsgrenzen, met boeken uit de lokale collectie bij elke stop?",
    ),
    (
        "Ideeën gezocht voor de Maand van de Geschiedenis",
        "lotte",
        8,
        "@pieter, dat is precies wat ik zocht. Wie kent een gids?",
    ),
    (
        "Ideeën gezocht voor de Maand van de Geschiedenis",
        "wilma",
        9,
        "De historische vereniging heeft gidsen. @esther heeft daar contact mee.",
    ),
    (
        "Aanschafwensen voor het eerste kwartaal",
        "fatima",
        None,
        "Veel vraag naar boeken over geldzaken in makkelijk Nederlands.",
    ),
    ("Mijn eerste bericht", "wilma", None, "Welkom, @demo! Leuk dat je meedoet."),
]

# The Personeelsblog's own story (issue 9): Wilma's question, Bas's idea, Josien's objection, a
# second version, everybody's consent and an agreement that Wilma carried out.
# post title, author, reply to (index in this list, or None), days ago, body
STORY_COMMENTS = [
    (
        "Hoe komen we van ideeën tot daden?",
        "bas",
        None,
        23.8,
        "Eén blog voor iedereen, en bij elk idee dat we doen een afspraak: wie pakt het op, en wanneer is het klaar? "
        "Ik schrijf er een voorstel voor.",
    ),
    ("Hoe komen we van ideeën tot daden?", "wilma", 0, 23.6, "@bas, graag! Zet het op het Personeelsblog."),
    ("Hoe komen we van ideeën tot daden?", "josien", 0, 23.2, "Mooi, @bas. Neem wel de vestigingen mee."),
]

ONE_BLOG = "Eén personeelsblog, met afspraken over de uitvoering"
ONE_BLOG_V1 = (
    "We zetten **alle ideeën** voor het werk op het Personeelsblog. Krijgt een idee genoeg steun, dan leggen we een "
    "afspraak vast met een eigenaar en een datum waarop het klaar is."
)
ONE_BLOG_OBJECTION = (
    "Nog niet iedereen staat erachter. Collega's in de vestigingen lezen Blognet nauwelijks en weten niet dat "
    "hier besloten wordt."
)
ONE_BLOG_ANSWER = (
    "Terecht punt. We bespreken het eerst in elk teamoverleg, en de teamleiders zetten de voorstellen van de week "
    "op het prikbord in de pauzeruimte. Ik pas het voorstel daarop aan."
)
ONE_BLOG_V2 = (
    "We zetten **alle ideeën** voor het werk op het Personeelsblog. Elk teamoverleg bespreekt de open voorstellen, "
    "zodat ook collega's die Blognet weinig lezen kunnen meepraten. Krijgt een idee genoeg steun, dan leggen we "
    "een afspraak vast met een eigenaar en een datum waarop het klaar is."
)
ONE_BLOG_AGREEMENT = (
    "Het Personeelsblog is de plek voor ideeën en voorstellen. Wilma zorgt dat elk team de open voorstellen in het "
    "teamoverleg bespreekt en licht de werkwijze toe in de nieuwsbrief."
)
ONE_BLOG_DONE = "Besproken in alle zes teamoverleggen en uitgelegd in de nieuwsbrief van deze maand."

HISTORY_WALK = "Ideeën gezocht voor de Maand van de Geschiedenis"
HISTORY_WALK_PROPOSAL = (
    "In oktober houden we een **stadswandeling langs de oude stadsgrenzen**, met bij elke stop boeken uit de "
    "lokale collectie. Lotte zoekt een gids bij de historische vereniging."
)

SATURDAYS = "Nieuwe openingstijden vestiging Oost"
SATURDAYS_PROPOSAL = (
    "Vestiging Oost gaat op zaterdagmiddag open met een vast rooster: iedereen die zich meldt draait twee "
    "zaterdagen per kwartaal mee."
)
SATURDAYS_AGREEMENT = "Demi verzamelt wie wanneer kan en zet het zaterdagrooster voor het eerste kwartaal op het blog."

READING_PLAN = "Voorleesplanning voor alle vestigingen"
READING_PLAN_PROPOSAL = "Eén gezamenlijke planning van de voorleesuurtjes voor alle vestigingen, op het Personeelsblog."
READING_PLAN_AGREEMENT = "Ahmed zet de planning voor het voorjaar op het Personeelsblog, per vestiging en per week."
