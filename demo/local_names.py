"""The demo map's names in Hindi (Devanagari) and Gujarati script, as the pages
of those languages show them (models/local_names.py). Official terms follow
the glossary in FIELD_NOTES; place names as the districts write them."""

# English name -> (Hindi, Gujarati)
STATES = {"GJ": ("गुजरात", "ગુજરાત"), "MH": ("महाराष्ट्र", "મહારાષ્ટ્ર")}
DISTRICTS = {
    "ahmedabad": ("अहमदाबाद", "અમદાવાદ"), "surat": ("सूरत", "સુરત"),
    "vadodara": ("वडोदरा", "વડોદરા"), "rajkot": ("राजकोट", "રાજકોટ"), "pune": ("पुणे", "પુણે"),
}
STATIONS = {
    "Navrangpura": ("नवरंगपुरा", "નવરંગપુરા"), "Maninagar": ("मणिनगर", "મણિનગર"),
    "Kalupur": ("कालूपुर", "કાલુપુર"), "Athwa": ("अठवा", "અઠવા"), "Varachha": ("वराछा", "વરાછા"),
    "Udhna": ("उधना", "ઉધના"), "Sayajigunj": ("सयाजीगंज", "સયાજીગંજ"),
    "Karelibaug": ("कारेलीबाग", "કારેલીબાગ"), "A Division": ("ए डिवीजन", "એ ડિવિઝન"),
    "Gandhigram": ("गांधीग्राम", "ગાંધીગ્રામ"), "Shivajinagar": ("शिवाजीनगर", "શિવાજીનગર"),
    "Swargate": ("स्वारगेट", "સ્વારગેટ"), "Hadapsar": ("हडपसर", "હડપસર"),
}
CCI_TYPES = {
    "childrens_home": ("बाल गृह", "બાળ ગૃહ"), "observation_home": ("संप्रेक्षण गृह", "ઓબ્ઝર્વેશન હોમ"),
    "special_home": ("विशेष गृह", "ખાસ ગૃહ"), "place_of_safety": ("सुरक्षित स्थान", "સલામત સ્થળ"),
    "open_shelter": ("खुला आश्रय", "ઓપન શેલ્ટર"),
    "saa": ("विशिष्ट दत्तक ग्रहण अभिकरण", "સ્પેશ્યલાઇઝ્ડ એડોપ્શન એજન્સી"),
    "fit_facility": ("योग्य सुविधा", "ફિટ ફેસિલિટી"),
}
AHTU = ("एंटी ह्यूमन ट्रैफिकिंग यूनिट, गुजरात (सीआईडी क्राइम)",
        "એન્ટી હ્યુમન ટ્રાફિકિંગ યુનિટ, ગુજરાત (સીઆઈડી ક્રાઇમ)")


def station(name: str) -> tuple[str, str]:
    hi, gu = STATIONS[name]
    return f"{hi} पुलिस थाना", f"{gu} પોલીસ સ્ટેશન"


def sjpu(district_key: str) -> tuple[str, str]:
    hi, gu = DISTRICTS[district_key]
    return f"विशेष किशोर पुलिस इकाई, {hi} शहर", f"સ્પેશ્યલ જુવેનાઇલ પોલીસ યુનિટ, {gu} શહેર"


def institution(english: str, cci_type: str, district_key: str) -> tuple[str, str]:
    """A CCI's name from its type, whom it takes as its English name says, and
    its district (the demo's English names are built the same way)."""
    kind_hi, kind_gu = CCI_TYPES[cci_type]
    district_hi, district_gu = DISTRICTS[district_key]
    government = english.startswith("Government")
    hi = ("राजकीय " if government else "") + kind_hi
    gu = ("સરકારી " if government else "") + kind_gu
    if "for Boys" in english:
        hi, gu = f"{hi} (बालक)", f"{gu} (છોકરાઓ)"
    elif "for Girls" in english:
        hi, gu = f"{hi} (बालिका)", f"{gu} (છોકરીઓ)"
    return f"{hi}, {district_hi}", f"{gu}, {district_gu}"
