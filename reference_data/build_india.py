"""Rebuild reference_data/india.json (not run by the app; kept so the list can be
checked and corrected at its source):

    cd /tmp && npm pack @coffeebeanslabs/country_state_district@1.0.1 && tar xzf coffeebeanslabs-*.tgz
    python reference_data/build_india.py /tmp/package

The package gives English and Hindi names of 740 districts; the tables below
correct and complete it (states written out, Gujarat in Gujarati by hand,
renamed and new districts, a few wrong Hindi names found so far)."""
import json, os, sys, unicodedata
P = sys.argv[1]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "india.json")
S=json.load(open(f'{P}/state.json')); C=json.load(open(f'{P}/city.json'))
# coffeebeans state id -> (code, English, Hindi, Gujarati)
STATES = {
 1:("AN","Andaman and Nicobar Islands","अंडमान और निकोबार द्वीपसमूह","આંદામાન અને નિકોબાર ટાપુઓ"),
 2:("AP","Andhra Pradesh","आंध्र प्रदेश","આંધ્ર પ્રદેશ"),
 3:("AR","Arunachal Pradesh","अरुणाचल प्रदेश","અરુણાચલ પ્રદેશ"),
 4:("AS","Assam","असम","આસામ"),
 5:("BR","Bihar","बिहार","બિહાર"),
 6:("CH","Chandigarh","चंडीगढ़","ચંદીગઢ"),
 7:("CG","Chhattisgarh","छत्तीसगढ़","છત્તીસગઢ"),
 8:("DH","Dadra and Nagar Haveli and Daman and Diu","दादरा और नगर हवेली और दमन और दीव","દાદરા અને નગર હવેલી અને દમણ અને દીવ"),
 9:("DH",None,None,None),
 10:("DL","Delhi","दिल्ली","દિલ્હી"),
 11:("GA","Goa","गोवा","ગોવા"),
 12:("GJ","Gujarat","गुजरात","ગુજરાત"),
 13:("HR","Haryana","हरियाणा","હરિયાણા"),
 14:("HP","Himachal Pradesh","हिमाचल प्रदेश","હિમાચલ પ્રદેશ"),
 15:("JK","Jammu and Kashmir","जम्मू और कश्मीर","જમ્મુ અને કાશ્મીર"),
 16:("JH","Jharkhand","झारखंड","ઝારખંડ"),
 17:("KA","Karnataka","कर्नाटक","કર્ણાટક"),
 18:("KL","Kerala","केरल","કેરળ"),
 19:("LD","Lakshadweep","लक्षद्वीप","લક્ષદ્વીપ"),
 20:("LA","Ladakh","लद्दाख","લદ્દાખ"),
 21:("MP","Madhya Pradesh","मध्य प्रदेश","મધ્ય પ્રદેશ"),
 22:("MH","Maharashtra","महाराष्ट्र","મહારાષ્ટ્ર"),
 23:("MN","Manipur","मणिपुर","મણિપુર"),
 24:("ML","Meghalaya","मेघालय","મેઘાલય"),
 25:("MZ","Mizoram","मिज़ोरम","મિઝોરમ"),
 26:("NL","Nagaland","नागालैंड","નાગાલેન્ડ"),
 27:("OD","Odisha","ओडिशा","ઓડિશા"),
 28:("PY","Puducherry","पुदुचेरी","પુડુચેરી"),
 29:("PB","Punjab","पंजाब","પંજાબ"),
 30:("RJ","Rajasthan","राजस्थान","રાજસ્થાન"),
 31:("SK","Sikkim","सिक्किम","સિક્કિમ"),
 32:("TN","Tamil Nadu","तमिलनाडु","તમિલનાડુ"),
 33:("TG","Telangana","तेलंगाना","તેલંગાણા"),
 34:("TR","Tripura","त्रिपुरा","ત્રિપુરા"),
 35:("UP","Uttar Pradesh","उत्तर प्रदेश","ઉત્તર પ્રદેશ"),
 36:("UK","Uttarakhand","उत्तराखंड","ઉત્તરાખંડ"),
 37:("WB","West Bengal","पश्चिम बंगाल","પશ્ચિમ બંગાળ"),
}
GUJARAT = {
 "Ahmedabad":"અમદાવાદ","Amreli":"અમરેલી","Anand":"આણંદ","Aravalli":"અરવલ્લી","Banaskantha":"બનાસકાંઠા",
 "Bharuch":"ભરૂચ","Bhavnagar":"ભાવનગર","Botad":"બોટાદ","Chhota Udaipur":"છોટા ઉદેપુર","Dahod":"દાહોદ",
 "Dang":"ડાંગ","Devbhoomi Dwarka":"દેવભૂમિ દ્વારકા","Gandhinagar":"ગાંધીનગર","Gir Somnath":"ગીર સોમનાથ",
 "Jamnagar":"જામનગર","Junagadh":"જૂનાગઢ","Kheda":"ખેડા","Kutch":"કચ્છ","Mahisagar":"મહીસાગર",
 "Mehsana":"મહેસાણા","Morbi":"મોરબી","Narmada":"નર્મદા","Navsari":"નવસારી","Panchmahal":"પંચમહાલ",
 "Patan":"પાટણ","Porbandar":"પોરબંદર","Rajkot":"રાજકોટ","Sabarkantha":"સાબરકાંઠા","Surat":"સુરત",
 "Surendranagar":"સુરેન્દ્રનગર","Tapi":"તાપી","Vadodara":"વડોદરા","Valsad":"વલસાડ",
}
HINDI_FIX = {("GJ","Dang"):"डांग", ("GJ","Anand"):"आणंद", ("MH","Thane"):"ठाणे", ("TG","Jagtial"):"जगतियाल", ("UP","Budaun"):"बदायूं"}
GU_FIX = {("MH","Mumbai City"):"મુંબઈ શહેર", ("DH","Daman"):"દમણ", ("MH","Thane"):"થાણે"}
EN_FIX = {("DH","Dadra Nagar Haveli"):"Dadra and Nagar Haveli"}
# districts renamed since the list was made (state code, old English) -> (English, Hindi)
RENAMED = {("MH","Aurangabad"):("Chhatrapati Sambhajinagar","छत्रपति संभाजीनगर"),
           ("MH","Osmanabad"):("Dharashiv","धाराशिव"),
           ("MH","Ahmednagar"):("Ahilyanagar","अहिल्यानगर")}
ADDED = [("GJ","Vav-Tharad","वाव-थराद","વાવ-થરાદ")]
def to_gujarati(text):
    out=[]
    for ch in text:
        o=ord(ch)
        if ch=='़':
            if out and out[-1]=='જ': out[-1]='ઝ'
            continue
        if ch in '।॥': out.append(ch); continue
        if 0x0900<=o<=0x097F:
            g=chr(o+0x180)
            try: unicodedata.name(g)
            except ValueError: raise SystemExit(f"no Gujarati for {ch!r} in {text}")
            out.append(g)
        else: out.append(ch)
    return ''.join(out)
states={}
for sid,(code,en,hi,gu) in STATES.items():
    if en: states[code]={"code":code,"name":en,"name_hi":hi,"name_gu":gu,"districts":[]}
for c in C:
    code=STATES[c['state_id']][0]
    en=c['en_name'].strip(); hi=c['hi_name'].strip()
    hi=HINDI_FIX.get((code,en),hi)
    if (code,en) in RENAMED: en,hi=RENAMED[(code,en)]
    gu=GUJARAT[en] if code=="GJ" else GU_FIX.get((code,en)) or to_gujarati(hi)
    en=EN_FIX.get((code,en),en)
    states[code]["districts"].append({"name":en,"name_hi":hi,"name_gu":gu})
for code,en,hi,gu in ADDED:
    states[code]["districts"].append({"name":en,"name_hi":hi,"name_gu":gu})
for s in states.values():
    s["districts"].sort(key=lambda d:d["name"])
    names=[d["name"] for d in s["districts"]]; assert len(names)==len(set(names)), s["code"]
out={"source":"States and union territories: written for Bal Setu (ISO 3166-2:IN codes). Districts: the npm package @coffeebeanslabs/country_state_district 1.0.1 (ISC licence), English and Hindi names; Gujarat's districts in Gujarati written by hand, other districts' Gujarati spelt from the Hindi (Devanagari to Gujarati script); renamed districts (Chhatrapati Sambhajinagar, Dharashiv, Ahilyanagar) and Vav-Tharad (2025) added by hand.",
     "states":sorted(states.values(), key=lambda s:s["name"])}
json.dump(out, open(OUT,'w',encoding='utf-8'), ensure_ascii=False, indent=1)
print(len(out["states"]), sum(len(s["districts"]) for s in out["states"]))
