"""The demo's map: states, districts, police units and CCIs of the pilot.

Gujarat's four largest districts and, across the state border, Pune. Each
district lists its police stations (the first is the one `police_<district>`
belongs to), its CCIs (the first Children's Home is the one `cci_<district>`
belongs to), and the localities and public places reports mention."""

STATES = (
    # code, name, helpline
    ("GJ", "Gujarat", "1098"),
    ("MH", "Maharashtra", "1098"),
)

# Each CCI: (cci_type, name, capacity, who it takes: "boys", "girls" or "any",
# has_computer, has_internet, address)
DISTRICTS = (
    {
        "key": "ahmedabad", "name": "Ahmedabad", "code": "GJ-AMD", "state": "GJ", "short": "AMD",
        "std": "079", "weight": 30,
        "stations": ("Navrangpura", "Maninagar", "Kalupur"),
        "sjpu": "Special Juvenile Police Unit, Ahmedabad City",
        "ccis": (
            ("childrens_home", "Government Children's Home for Boys, Ahmedabad", 100, "boys", True, True,
             "Near Khokhra Circle, Maninagar East, Ahmedabad 380008"),
            ("childrens_home", "Government Children's Home for Girls, Ahmedabad", 75, "girls", True, True,
             "Opp. Civil Hospital, Asarwa, Ahmedabad 380016"),
            ("observation_home", "Observation Home for Boys, Ahmedabad", 60, "boys", True, False,
             "Khokhra Mehmdabad, Ahmedabad 380008"),
            ("special_home", "Special Home for Boys, Ahmedabad", 40, "boys", False, False,
             "Khokhra Mehmdabad, Ahmedabad 380008"),
            ("saa", "Shishu Griha (Specialised Adoption Agency), Ahmedabad", 30, "any", True, True,
             "Paldi, Ahmedabad 380007"),
            ("open_shelter", "Open Shelter for Children, Kalupur, Ahmedabad", 50, "any", True, False,
             "Near Kalupur Railway Station, Ahmedabad 380002"),
        ),
        "localities": ("Naroda", "Vatva", "Bapunagar", "Juhapura", "Chandkheda", "Sarkhej", "Odhav",
                       "Gomtipur", "Amraiwadi", "Danilimda"),
        "places": ("Ahmedabad Junction (Kalupur) railway station", "Geeta Mandir ST bus stand",
                   "Kankaria Lake", "Lal Darwaja AMTS terminus", "Sabarmati Riverfront",
                   "Maninagar railway station"),
    },
    {
        "key": "surat", "name": "Surat", "code": "GJ-SRT", "state": "GJ", "short": "SRT",
        "std": "0261", "weight": 25,
        "stations": ("Athwa", "Varachha", "Udhna"),
        "sjpu": "Special Juvenile Police Unit, Surat City",
        "ccis": (
            ("childrens_home", "Government Children's Home, Surat", 80, "any", True, True,
             "Rander Road, Surat 395009"),
            ("observation_home", "Observation Home, Surat", 50, "any", True, True,
             "Majura Gate, Surat 395001"),
            ("open_shelter", "Open Shelter for Children, Surat Railway Station", 40, "any", False, False,
             "Near Surat Railway Station, Varachha Road, Surat 395003"),
            ("saa", "Specialised Adoption Agency, Surat", 20, "any", True, True,
             "Athwalines, Surat 395007"),
        ),
        "localities": ("Pandesara", "Limbayat", "Katargam", "Sachin GIDC", "Dindoli", "Rander",
                       "Bhestan", "Kapodra"),
        "places": ("Surat railway station", "Surat Central bus stand", "Udhna Darwaja",
                   "Dumas beach", "Chowk Bazaar", "Udhna railway station"),
    },
    {
        "key": "vadodara", "name": "Vadodara", "code": "GJ-VAD", "state": "GJ", "short": "VAD",
        "std": "0265", "weight": 15,
        "stations": ("Sayajigunj", "Karelibaug"),
        "sjpu": "Special Juvenile Police Unit, Vadodara City",
        "ccis": (
            ("childrens_home", "Government Children's Home, Vadodara", 80, "any", True, True,
             "Near Kothi Kacheri, Raopura, Vadodara 390001"),
            ("childrens_home", "Children's Home for Girls, Vadodara", 60, "girls", True, False,
             "Karelibaug, Vadodara 390018"),
            ("observation_home", "Observation Home, Vadodara", 40, "any", False, False,
             "Makarpura Road, Vadodara 390010"),
            ("place_of_safety", "Place of Safety, Vadodara", 25, "any", True, True,
             "Makarpura Road, Vadodara 390010"),
        ),
        "localities": ("Gorwa", "Makarpura", "Fatehgunj", "Waghodia Road", "Tandalja", "Sama",
                       "Nagarwada"),
        "places": ("Vadodara Junction railway station", "Central bus station, Vadodara",
                   "Kamatibaug", "Mandvi gate", "Sursagar lake"),
    },
    {
        "key": "rajkot", "name": "Rajkot", "code": "GJ-RJT", "state": "GJ", "short": "RJT",
        "std": "0281", "weight": 15,
        "stations": ("A Division", "Gandhigram"),
        "sjpu": "Special Juvenile Police Unit, Rajkot City",
        "ccis": (
            ("childrens_home", "Government Children's Home, Rajkot", 80, "any", True, True,
             "Kalawad Road, Rajkot 360005"),
            ("observation_home", "Observation Home, Rajkot", 40, "any", True, False,
             "Jamnagar Road, Rajkot 360006"),
            ("fit_facility", "Balashram Fit Facility, Rajkot", 30, "any", False, False,
             "Jawahar Road, Rajkot 360001"),
        ),
        "localities": ("Kothariya", "Mavdi", "Jangleshwar", "Raiya", "Bhaktinagar", "Aji Dam area"),
        "places": ("Rajkot Junction railway station", "Rajkot ST bus stand", "Race Course ground",
                   "Lakhajiraj Road market"),
    },
    {
        "key": "pune", "name": "Pune", "code": "MH-PUN", "state": "MH", "short": "PUN",
        "std": "020", "weight": 15,
        "stations": ("Shivajinagar", "Swargate", "Hadapsar"),
        "sjpu": "Special Juvenile Police Unit, Pune City",
        "ccis": (
            ("childrens_home", "Government Children's Home, Yerawada, Pune", 100, "any", True, True,
             "Yerawada, Pune 411006"),
            ("observation_home", "Observation Home, Yerawada, Pune", 50, "any", True, True,
             "Yerawada, Pune 411006"),
        ),
        "localities": ("Yerawada", "Hadapsar", "Kondhwa", "Pimpri", "Bhosari", "Kothrud", "Wagholi"),
        "places": ("Pune Junction railway station", "Swargate bus stand", "Shivajinagar bus stand",
                   "Dagdusheth temple area", "Hadapsar railway station"),
    },
)

AHTU = {"name": "Anti Human Trafficking Unit, Gujarat (CID Crime)", "code": "GJ-AHTU",
        "district": "ahmedabad"}

# Which CCI types take which children.
CNCP_TYPES = ("childrens_home", "saa", "open_shelter", "fit_facility")
CCL_TYPES = ("observation_home", "special_home", "place_of_safety")
