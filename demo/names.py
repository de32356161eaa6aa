"""Name lists for the demo, each name as (Latin, Devanagari, Gujarati).

Grouped by the communities a Gujarat pilot actually sees: Gujarati Hindu
families, migrant families from the Hindi belt and the east, Muslim families,
Adivasi families of the eastern belt, Christian families of central Gujarat,
and Marathi families (Pune). A record is written in one script, as a police
station, a family or a CCI would write it."""

# Index of each script in the tuples below.
LATIN, DEVANAGARI, GUJARATI = 0, 1, 2
SCRIPTS = (LATIN, DEVANAGARI, GUJARATI)


def _t(text: str) -> list[tuple[str, str, str]]:
    """Parse lines of `Latin Devanagari Gujarati`."""
    return [tuple(line.split()) for line in text.strip().splitlines()]


HINDU_BOYS = _t("""
Rahul राहुल રાહુલ
Amit अमित અમિત
Rohit रोहित રોહિત
Vijay विजय વિજય
Arjun अर्जुन અર્જુન
Karan करण કરણ
Jay जय જય
Harsh हर्ष હર્ષ
Dhruv ध्रुव ધ્રુવ
Parth पार्थ પાર્થ
Yash यश યશ
Meet मीत મીત
Kunal कुणाल કુણાલ
Nikhil निखिल નિખિલ
Sahil साहिल સાહિલ
Aman अमन અમન
Ankit अंकित અંકિત
Vishal विशाल વિશાલ
Rohan रोहन રોહન
Mihir मिहिर મિહિર
Chirag चिराग ચિરાગ
Jignesh जिग्नेश જિગ્નેશ
Hardik हार्दिक હાર્દિક
Tushar तुषार તુષાર
Sagar सागर સાગર
Krish क्रिश ક્રિશ
Ravi रवि રવિ
Raju राजू રાજુ
Sanjay संजय સંજય
Deepak दीपक દીપક
Ajay अजय અજય
Sachin सचिन સચિન
Gaurav गौरव ગૌરવ
Aditya आदित्य આદિત્ય
Dev देव દેવ
Om ओम ઓમ
Shivam शिवम શિવમ
Ayush आयुष આયુષ
Bhavesh भावेश ભાવેશ
Nilesh नीलेश નીલેશ
Lakhan लखन લખન
Govind गोविंद ગોવિંદ
Vivek विवेक વિવેક
Pratik प्रतीक પ્રતીક
Tejas तेजस તેજસ
Rudra रुद्र રુદ્ર
Kartik कार्तिक કાર્તિક
Ganesh गणेश ગણેશ
Shubham शुभम શુભમ
Mayank मयंक મયંક
""")

HINDU_GIRLS = _t("""
Priya प्रिया પ્રિયા
Pooja पूजा પૂજા
Neha नेहा નેહા
Anjali अंजलि અંજલિ
Kajal काजल કાજલ
Khushi खुशी ખુશી
Riya रिया રિયા
Janvi जानवी જાનવી
Krupa कृपा કૃપા
Hetal हेतल હેતલ
Dhara धारा ધારા
Kinjal किंजल કિંજલ
Nidhi निधि નિધિ
Mansi मानसी માનસી
Sejal सेजल સેજલ
Palak पलक પલક
Tanvi तन्वी તન્વી
Bhumi भूमि ભૂમિ
Isha ईशा ઈશા
Jinal जिनल જિનલ
Nandini नंदिनी નંદિની
Shreya श्रेया શ્રેયા
Sakshi साक्षी સાક્ષી
Muskan मुस्कान મુસ્કાન
Sneha स्नेहा સ્નેહા
Radha राधा રાધા
Sita सीता સીતા
Geeta गीता ગીતા
Meena मीना મીના
Komal कोमल કોમલ
Payal पायल પાયલ
Pinky पिंकी પિંકી
Divya दिव्या દિવ્યા
Jyoti ज्योति જ્યોતિ
Aarti आरती આરતી
Sapna सपना સપના
Laxmi लक्ष्मी લક્ષ્મી
Roshni रोशनी રોશની
Vaishali वैशाली વૈશાલી
Kavya काव्या કાવ્યા
Diya दिया દિયા
Heer हीर હીર
Mahi माही માહી
""")

HINDU_MEN = _t("""
Ramesh रमेश રમેશ
Suresh सुरेश સુરેશ
Mahendra महेंद्र મહેન્દ્ર
Dinesh दिनेश દિનેશ
Rajesh राजेश રાજેશ
Mukesh मुकेश મુકેશ
Bharat भरत ભરત
Jagdish जगदीश જગદીશ
Kanti कांति કાંતિ
Pravin प्रवीण પ્રવીણ
Hasmukh हसमुख હસમુખ
Naresh नरेश નરેશ
Vinod विनोद વિનોદ
Ashok अशोक અશોક
Arvind अरविंद અરવિંદ
Dilip दिलीप દિલીપ
Kishor किशोर કિશોર
Babu बाबू બાબુ
Shankar शंकर શંકર
Laxman लक्ष्मण લક્ષ્મણ
Rakesh राकेश રાકેશ
Santosh संतोष સંતોષ
Anil अनिल અનિલ
Manoj मनोज મનોજ
Mahesh महेश મહેશ
Pankaj पंकज પંકજ
Sunil सुनील સુનીલ
Kalpesh कल्पेश કલ્પેશ
""")

HINDU_WOMEN = _t("""
Geeta गीता ગીતા
Sunita सुनीता સુનીતા
Savita सविता સવિતા
Rekha रेखा રેખા
Manju मंजू મંજુ
Hansa हंसा હંસા
Jashoda जशोदा જશોદા
Kokila कोकिला કોકિલા
Usha उषा ઉષા
Lata लता લતા
Kamla कमला કમલા
Parvati पार्वती પાર્વતી
Shanti शांति શાંતિ
Champa चंपा ચંપા
Asha आशा આશા
Sarita सरिता સરિતા
Mamta ममता મમતા
Meena मीना મીના
Bhavna भावना ભાવના
Nirmala निर्मला નિર્મલા
""")

MUSLIM_BOYS = _t("""
Imran इमरान ઇમરાન
Salman सलमान સલમાન
Arbaz अरबाज़ અરબાઝ
Faizan फ़ैज़ान ફૈઝાન
Sohail सोहेल સોહેલ
Ayaan अयान અયાન
Zaid ज़ैद ઝૈદ
Irfan इरफ़ान ઇરફાન
Asif आसिफ़ આસિફ
Rehan रेहान રેહાન
Sameer समीर સમીર
Arif आरिफ़ આરિફ
Aftab आफ़ताब આફતાબ
Javed जावेद જાવેદ
Shahid शाहिद શાહિદ
""")

MUSLIM_GIRLS = _t("""
Fatima फ़ातिमा ફાતિમા
Ayesha आयशा આયશા
Zainab ज़ैनब ઝૈનબ
Sana सना સના
Rukhsar रुख़सार રુખસાર
Heena हिना હિના
Afreen आफ़रीन આફરીન
Nazia नाज़िया નાઝિયા
Alfiya अल्फ़िया અલ્ફિયા
Sofiya सोफ़िया સોફિયા
Mehak महक મહક
""")

MUSLIM_MEN = _t("""
Salim सलीम સલીમ
Yusuf यूसुफ़ યુસુફ
Iqbal इक़बाल ઇકબાલ
Rafiq रफ़ीक़ રફીક
Anwar अनवर અનવર
Hanif हनीफ़ હનીફ
Ismail इस्माइल ઇસ્માઇલ
Abdul अब्दुल અબ્દુલ
Ayub अयूब અયૂબ
Mustafa मुस्तफ़ा મુસ્તફા
""")

MUSLIM_WOMEN = _t("""
Rubina रुबीना રુબીના
Shabana शबाना શબાના
Salma सलमा સલમા
Nasreen नसरीन નસરીન
Farida फ़रीदा ફરીદા
Zarina ज़रीना ઝરીના
Sultana सुल्ताना સુલતાના
Hasina हसीना હસીના
""")

MARATHI_BOYS = _t("""
Omkar ओंकार ઓમકાર
Sai साई સાઈ
Pranav प्रणव પ્રણવ
Atharv अथर्व અથર્વ
Soham सोहम સોહમ
Aniket अनिकेत અનિકેત
Sanket संकेत સંકેત
Rohan रोहन રોહન
Ganesh गणेश ગણેશ
Sachin सचिन સચિન
""")

MARATHI_GIRLS = _t("""
Pranali प्रणाली પ્રણાલી
Sayali सायली સાયલી
Gauri गौरी ગૌરી
Ashwini अश्विनी અશ્વિની
Pooja पूजा પૂજા
Sakshi साक्षी સાક્ષી
Vaishnavi वैष्णवी વૈષ્ણવી
Rutuja ऋतुजा ઋતુજા
""")

MARATHI_MEN = _t("""
Dattatray दत्तात्रय દત્તાત્રય
Vitthal विट्ठल વિઠ્ઠલ
Sambhaji संभाजी સંભાજી
Sunil सुनील સુનીલ
Prakash प्रकाश પ્રકાશ
Balu बालू બાલુ
Sandip संदीप સંદીપ
Nitin नितिन નિતિન
""")

MARATHI_WOMEN = _t("""
Sunanda सुनंदा સુનંદા
Mangal मंगल મંગલ
Vandana वंदना વંદના
Shobha शोभा શોભા
Sangita संगीता સંગીતા
Ujwala उज्ज्वला ઉજ્જ્વલા
""")

CHRISTIAN_BOYS = _t("""
John जॉन જોન
Daniel डेनियल ડેનિયલ
Joseph जोसेफ જોસેફ
Samuel सैमुअल સેમ્યુઅલ
""")

CHRISTIAN_GIRLS = _t("""
Mary मैरी મેરી
Sharon शेरोन શેરોન
Ruth रूथ રૂથ
Esther एस्तर એસ્તર
""")

CHRISTIAN_MEN = _t("""
Peter पीटर પીટર
Thomas थॉमस થોમસ
Paul पॉल પોલ
""")

CHRISTIAN_WOMEN = _t("""
Martha मार्था માર્થા
Sarah सारा સારા
Rebecca रेबेका રેબેકા
""")

SURNAMES = {
    "gujarati": _t("""
Patel पटेल પટેલ
Shah शाह શાહ
Parmar परमार પરમાર
Solanki सोलंकी સોલંકી
Chauhan चौहान ચૌહાણ
Rathod राठोड રાઠોડ
Thakor ठाकोर ઠાકોર
Vaghela वाघेला વાઘેલા
Makwana मकवाना મકવાણા
Prajapati प्रजापति પ્રજાપતિ
Desai देसाई દેસાઈ
Joshi जोशी જોશી
Chaudhary चौधरी ચૌધરી
Bharwad भरवाड ભરવાડ
Rabari रबारी રબારી
Darji दरजी દરજી
Panchal पंचाल પંચાલ
Trivedi त्रिवेदी ત્રિવેદી
Bhatt भट्ट ભટ્ટ
Chavda चावडा ચાવડા
"""),
    "hindi": _t("""
Yadav यादव યાદવ
Sharma शर्मा શર્મા
Verma वर्मा વર્મા
Gupta गुप्ता ગુપ્તા
Mishra मिश्रा મિશ્રા
Singh सिंह સિંહ
Paswan पासवान પાસવાન
Kushwaha कुशवाहा કુશવાહા
Nishad निषाद નિષાદ
Maurya मौर्य મૌર્ય
"""),
    "eastern": _t("""
Das दास દાસ
Mondal मंडल મંડલ
Behera बेहेरा બેહેરા
Sahu साहू સાહુ
Pradhan प्रधान પ્રધાન
"""),
    "muslim": _t("""
Shaikh शेख़ શેખ
Pathan पठान પઠાણ
Ansari अंसारी અન્સારી
Memon मेमन મેમણ
Qureshi क़ुरैशी કુરેશી
Mansuri मंसूरी મન્સૂરી
Sayyed सैयद સૈયદ
Ghanchi घांची ઘાંચી
"""),
    "adivasi": _t("""
Vasava वसावा વસાવા
Gamit गामित ગામીત
Damor डामोर ડામોર
Bhil भील ભીલ
Rathwa राठवा રાઠવા
Chaudhari चौधरी ચૌધરી
"""),
    "christian": _t("""
Macwan मैकवान મેકવાન
Christian क्रिश्चियन ક્રિશ્ચિયન
Parmar परमार પરમાર
Solanki सोलंकी સોલંકી
"""),
    "marathi": _t("""
Patil पाटील પાટીલ
Jadhav जाधव જાધવ
Shinde शिंदे શિંદે
Pawar पवार પવાર
Gaikwad गायकवाड ગાયકવાડ
More मोरे મોરે
Kulkarni कुलकर्णी કુલકર્ણી
Deshmukh देशमुख દેશમુખ
"""),
}

# Words that follow a name, in the three scripts.
BHAI = ("bhai", "भाई", "ભાઈ")
BEN = ("ben", "बेन", "બેન")
KUMAR = ("Kumar", "कुमार", "કુમાર")
KUMARI = ("Kumari", "कुमारी", "કુમારી")
DEVI = ("Devi", "देवी", "દેવી")
BANO = ("Bano", "बानो", "બાનો")

# Pet names families give (Latin, Devanagari, Gujarati): written on found-child
# reports when the child only knows the name used at home.
PET_BOYS = _t("""
Guddu गुड्डू ગુડ્ડુ
Pappu पप्पू પપ્પુ
Munna मुन्ना મુન્ના
Chhotu छोटू છોટુ
Bablu बबलू બબલુ
Golu गोलू ગોલુ
Monu मोनू મોનુ
""")
PET_GIRLS = _t("""
Guddi गुड्डी ગુડ્ડી
Munni मुन्नी મુન્ની
Chhoti छोटी છોટી
Babli बबली બબલી
Gudiya गुड़िया ગુડિયા
""")

# Community -> given names, parents' names, surname group, naming style,
# languages (Latin, as the app stores them) and weight per state.
COMMUNITIES = {
    "gujarati": dict(boys=HINDU_BOYS, girls=HINDU_GIRLS, men=HINDU_MEN, women=HINDU_WOMEN,
                     surnames="gujarati", style="gujarati",
                     languages=["Gujarati", "Gujarati", "Gujarati, Hindi"]),
    "hindi": dict(boys=HINDU_BOYS, girls=HINDU_GIRLS, men=HINDU_MEN, women=HINDU_WOMEN,
                  surnames="hindi", style="hindi",
                  languages=["Hindi", "Hindi, Bhojpuri", "Hindi, Gujarati", "Hindi, Awadhi"]),
    "eastern": dict(boys=HINDU_BOYS, girls=HINDU_GIRLS, men=HINDU_MEN, women=HINDU_WOMEN,
                    surnames="eastern", style="plain",
                    languages=["Odia", "Odia, Hindi", "Bengali", "Bengali, Hindi"]),
    "muslim": dict(boys=MUSLIM_BOYS, girls=MUSLIM_GIRLS, men=MUSLIM_MEN, women=MUSLIM_WOMEN,
                   surnames="muslim", style="muslim",
                   languages=["Gujarati, Urdu", "Hindi, Urdu", "Urdu", "Gujarati"]),
    "adivasi": dict(boys=HINDU_BOYS, girls=HINDU_GIRLS, men=HINDU_MEN, women=HINDU_WOMEN,
                    surnames="adivasi", style="gujarati",
                    languages=["Gujarati, Bhili", "Vasavi, Gujarati", "Gujarati"]),
    "christian": dict(boys=CHRISTIAN_BOYS, girls=CHRISTIAN_GIRLS, men=CHRISTIAN_MEN,
                      women=CHRISTIAN_WOMEN, surnames="christian", style="plain",
                      languages=["Gujarati", "Gujarati, English"]),
    "marathi": dict(boys=MARATHI_BOYS, girls=MARATHI_GIRLS, men=MARATHI_MEN,
                    women=MARATHI_WOMEN, surnames="marathi", style="marathi",
                    languages=["Marathi", "Marathi, Hindi"]),
}

COMMUNITY_WEIGHTS = {
    "GJ": {"gujarati": 46, "hindi": 17, "muslim": 16, "adivasi": 10, "eastern": 6, "christian": 3,
           "marathi": 2},
    "MH": {"marathi": 50, "hindi": 18, "muslim": 16, "gujarati": 6, "eastern": 6, "christian": 4},
}

# How a record is written, per state: (Latin, Devanagari, Gujarati) weights.
SCRIPT_WEIGHTS = {"GJ": (40, 22, 38), "MH": (55, 45, 0)}
