"""Phrases the demo records are written with: what officers, CCI staff and
families actually write in the fields (marks, clothes, circumstances, plans)."""

# Identification marks, and how another officer may write the same mark.
MARKS = {
    "Mole on the left cheek": ("Black til on left cheek", "mole left cheek"),
    "Mole above the upper lip": ("Til above lip", "small mole over upper lip"),
    "Burn scar on the right forearm": ("Old burn mark, right arm", "burn scar right hand"),
    "Cut mark above the left eyebrow": ("Stitch mark near left eyebrow", "scar above left eye"),
    "Birthmark on the neck": ("Brown birth mark on neck", "birthmark neck"),
    "Tattoo of 'Om' on the right wrist": ("Om tattoo on right hand", "tattoo (Om) right wrist"),
    "Front tooth broken": ("Broken front tooth", "one front tooth missing"),
    "White patch on the left hand": ("Safed daag on left hand", "white spot left hand"),
    "Scar on the chin": ("Old cut on chin", "chin scar"),
    "Pierced left ear": ("Left ear pierced", "earring hole in left ear"),
    "Six fingers on the left hand": ("Extra finger on left hand", "six fingers left hand"),
    "Dog-bite scar on the right calf": ("Old dog bite mark on right leg", "scar right calf"),
}

CLOTHES = {
    "male": ("Blue school uniform shirt and navy shorts", "Red T-shirt and black jeans",
             "White kurta pyjama", "Green checked shirt, brown trousers, rubber slippers",
             "Grey track pants and a yellow T-shirt", "Black half-sleeve shirt and blue jeans"),
    "female": ("Pink frock", "School uniform: white shirt and blue skirt",
               "Yellow salwar kameez with a red dupatta", "Purple top and black leggings",
               "Green chaniya choli", "Orange kurti and jeans"),
}
CLOTHES["transgender"] = CLOTHES["male"][:3] + CLOTHES["female"][:3]
CLOTHES["unknown"] = ("Dirty vest and shorts", "Old frock", "Wrapped in a cotton cloth")

BUILDS = ("thin", "thin", "medium", "medium", "medium", "heavy")
COMPLEXIONS = ("fair", "wheatish", "wheatish", "wheatish", "dark", "dark")

LANDMARKS = ("the municipal school", "the vegetable market", "the bus stop", "the temple",
             "the masjid", "the railway crossing", "the public garden", "the tuition class",
             "the ration shop", "home")

MISSING_STORIES = {
    "lost": "Went with {rel} to {place} and got separated in the crowd.",
    "ran_away": "Left home in the morning after {why}; did not return. Took no money.",
    "kidnapped": "Last seen with an unknown man on a motorcycle near {place}.",
    "trafficked": "Taken by a labour contractor promising work in another city; phone switched off since.",
    "abandoned": "Left at {place}; the family has not come forward.",
    "unknown": "Went out to play near {place} in the evening and did not return.",
}
RUNAWAY_WHY = {
    "scolded": "being scolded by the father",
    "study_pressure": "poor marks in the school examination",
    "family_conflict": "a quarrel at home",
    "eloped": "telling a friend about a boy from the neighbourhood",
    "other": "saying he wanted to work in the city",
}

FOUND_CIRCUMSTANCES = (
    "Found alone on the platform by the RPF; crying, could not say the home address.",
    "Found begging at the traffic signal; says the parents live far away.",
    "Brought in by a shopkeeper who saw the child wandering near the market for two days.",
    "Reached the home's gate on their own late at night.",
    "Found travelling without a ticket; says they ran away after being scolded.",
    "Found asleep at the bus stand by the night patrol (PCR van).",
    "Found near the temple during the fair, separated from the family.",
    "Referred by the Childline 1098 team after a call from a passer-by.",
)
RESCUE_CIRCUMSTANCES = (
    "Rescued with other children from a garment unit during a joint raid by the AHTU and the Labour Department.",
    "Rescued from a zari workshop; the employer has been booked.",
    "Rescued at the railway station from a group being taken for work by an agent.",
)
FOUND_BY = ("RPF constable", "Childline 1098 team", "Police patrol (PCR van)", "Station master",
            "A shopkeeper", "NGO outreach worker", "Bus conductor (ST)", "A local resident",
            "Staff of the Children's Home")
FAMILY_HINTS = (
    "Says the father drives an auto-rickshaw and the house is near a big temple.",
    "Remembers the name of the school but not the village.",
    "Says the mother works in a diamond-polishing unit.",
    "Says the family came from Bihar to work at a construction site.",
    "Says there is a water tank and a mosque near the house.",
    "Knows the name of the village but not the district.",
    "Says an elder brother sells vegetables in the market.",
)

SOCIETIES = ("Shivshakti Society", "Ambika Nagar", "Gulab Nagar", "Indira Awas Colony",
             "Ramnagar chawl", "Railway Colony quarters", "Sardar Patel Awas", "Gokul Park",
             "Ganesh Nagar slum area", "Jay Ambe Society")

DISABILITIES = ("Locomotor disability (left leg)", "Intellectual disability (mild)", "Low vision",
                "Cerebral palsy", "Autism spectrum (assessed by the district hospital)",
                "Multiple disabilities")

MEDICAL = (
    "Anaemia (Hb 9.8 g/dl); iron and folic acid supplements.",
    "Treated for scabies on admission.",
    "Underweight on admission; nutrition supplements and monthly weight check.",
    "Asthma; uses an inhaler when needed.",
    "Dental caries; referred to the dental college.",
    "Completed tuberculosis treatment (DOTS).",
    "Sickle cell trait; counselling given.",
    "Vaccination status not known; catch-up vaccination started.",
    "Healthy; no complaints at the medical examination.",
    "Healthy; no complaints at the medical examination.",
)

OFFENCES = {
    "petty": ("Alleged theft of a mobile phone (BNS s.303(2)).",
              "Alleged shoplifting from a grocery store (BNS s.303(2)).",
              "Alleged voluntarily causing hurt in a fight at school (BNS s.115(2)).",
              "Alleged theft of a bicycle (BNS s.303(2))."),
    "serious": ("Alleged theft in a dwelling house (BNS s.305).",
                "Alleged extortion from schoolchildren (BNS s.308(2)).",
                "Alleged possession of ganja, small quantity (NDPS Act)."),
    "heinous": ("Accused of robbery with grievous hurt.",
                "Accused in a case of culpable homicide, with two adults."),
}

SCHOOLS = ("the municipal primary school", "the government secondary school",
           "the Kendriya Vidyalaya", "the school run by the home", "the nearby government school")

EDUCATION_NOTES = ("Reading improving; needs help with maths.", "Regular at school; likes drawing.",
                   "Attendance fell this month because of illness.", "Bridge course classes started.",
                   "Passed the unit test.", "Enjoys sports; selected for the school kabaddi team.")
HEALTH_NOTES = ("Routine check-up: fine.", "Fever for three days; treated at the PHC.",
                "Weight gained 1 kg.", "Eye test done; spectacles given.",
                "Deworming done.", "Dental check-up done.")
COUNSELLING_NOTES = ("Two individual sessions; settling in, misses the mother.",
                     "Group session on personal safety.", "Sleep has improved; nightmares less frequent.",
                     "Anger outbursts reduced; continues weekly sessions.",
                     "Talked about the family for the first time.", "Family counselling session by phone.")
VOCATIONAL_NOTES = ("Tailoring course, week {n} of 12.", "Computer basics at the home.",
                    "Mobile-phone repair course at the ITI.", "Beautician course (NSDC).",
                    "Electrician apprentice course.")
