#include "schema/pluralize.h"

#include <cctype>
#include <functional>
#include <set>
#include <unordered_map>
#include <vector>

#include "value/strings.h"

namespace kro::schema {

namespace {

// flect's word table. `alt` is another accepted plural (only used to recognise plurals);
// `uni` (unidirectional) plurals are not recognised as plurals; `exact` words take part only
// as whole words, not as suffix rules.
struct Word {
  const char* singular;
  const char* plural;  // nullptr: uncountable (plural == singular)
  const char* alt = nullptr;
  bool uni = false;
  bool exact = false;
};

const std::vector<Word>& dictionary() {
  static const std::vector<Word> words = {
      // identical singular and plural
      {"aircraft", "aircraft"},
      {"beef", "beef", "beefs"},
      {"bison", "bison"},
      {"blues", "blues", nullptr, true},
      {"chassis", "chassis"},
      {"deer", "deer"},
      {"fish", "fish", "fishes"},
      {"moose", "moose"},
      {"police", "police"},
      {"salmon", "salmon", "salmons"},
      {"series", "series"},
      {"sheep", "sheep"},
      {"shrimp", "shrimp", "shrimps"},
      {"species", "species"},
      {"swine", "swine", "swines"},
      {"trout", "trout", "trouts"},
      {"tuna", "tuna", "tunas"},
      {"you", "you"},
      // -en
      {"child", "children"},
      {"ox", "oxen", nullptr, false, true},
      // apophonic
      {"foot", "feet"},
      {"goose", "geese"},
      {"man", "men"},
      {"human", "humans"},
      {"louse", "lice", nullptr, false, true},
      {"mouse", "mice"},
      {"tooth", "teeth"},
      {"woman", "women"},
      // miscellaneous
      {"die", "dice", nullptr, false, true},
      {"person", "people"},
      // French -u
      {"adieu", "adieux", "adieus"},
      {"fabliau", "fabliaux"},
      {"bureau", "bureaus", "bureaux"},
      // Greek -on
      {"criterion", "criteria"},
      {"ganglion", "ganglia", "ganglions"},
      {"lexicon", "lexica", "lexicons"},
      {"mitochondrion", "mitochondria", "mitochondrions"},
      {"noumenon", "noumena"},
      {"phenomenon", "phenomena"},
      {"taxon", "taxa"},
      // Latin -um
      {"media", "media"},
      {"medium", "media", "mediums", true},
      {"stadium", "stadiums", "stadia"},
      {"aquarium", "aquaria", "aquariums"},
      {"auditorium", "auditoria", "auditoriums"},
      {"symposium", "symposia", "symposiums"},
      {"curriculum", "curriculums", "curricula"},
      {"quota", "quotas"},
      // Latin -us
      {"alumnus", "alumni", "alumnuses"},
      {"bacillus", "bacilli"},
      {"cactus", "cacti", "cactuses"},
      {"coccus", "cocci"},
      {"focus", "foci", "focuses"},
      {"locus", "loci", "locuses"},
      {"nucleus", "nuclei", "nucleuses"},
      {"octopus", "octupuses", "octopi"},
      {"radius", "radii", "radiuses"},
      {"syllabus", "syllabi"},
      {"corpus", "corpora", "corpuses"},
      {"genus", "genera"},
      // Latin -a
      {"alumna", "alumnae"},
      {"vertebra", "vertebrae"},
      {"differentia", "differentiae"},
      {"minutia", "minutiae"},
      {"vita", "vitae"},
      {"larva", "larvae"},
      {"postcava", "postcavae"},
      {"praecava", "praecavae"},
      {"uva", "uvae"},
      // Latin -ex
      {"apex", "apices", "apexes"},
      {"codex", "codices", "codexes"},
      {"index", "indices", "indexes"},
      {"latex", "latices", "latexes"},
      {"vertex", "vertices", "vertexes"},
      {"vortex", "vortices", "vortexes"},
      // Latin -ix
      {"appendix", "appendices", "appendixes"},
      {"radix", "radices", "radixes"},
      {"helix", "helices", "helixes"},
      // Latin -is
      {"axis", "axes", nullptr, false, true},
      {"crisis", "crises"},
      {"ellipsis", "ellipses", nullptr, true},
      {"genesis", "geneses"},
      {"oasis", "oases"},
      {"thesis", "theses"},
      {"testis", "testes"},
      {"base", "bases"},
      {"basis", "bases", nullptr, true},
      {"alias", "aliases", nullptr, false, true},
      {"vedalia", "vedalias"},
      // -ch, -o, -s, -sh, -x, -z
      {"use", "uses", nullptr, false, true},
      {"abuse", "abuses"},
      {"cause", "causes"},
      {"clause", "clauses"},
      {"cruse", "cruses"},
      {"excuse", "excuses"},
      {"fuse", "fuses"},
      {"house", "houses"},
      {"misuse", "misuses"},
      {"muse", "muses"},
      {"pause", "pauses"},
      {"ache", "aches"},
      {"topaz", "topazes"},
      {"buffalo", "buffaloes", "buffalos"},
      {"potato", "potatoes"},
      {"tomato", "tomatoes"},
      // uncountable
      {"equipment", nullptr},
      {"information", nullptr},
      {"jeans", nullptr},
      {"money", nullptr},
      {"news", nullptr},
      {"rice", nullptr},
      // -f exceptions
      {"dwarf", "dwarfs", "dwarves"},
      {"hoof", "hoofs", "hooves"},
      {"thief", "thieves"},
      {"chive", "chives"},
      {"hive", "hives"},
      {"move", "moves"},
      // -y exceptions
      {"movie", "movies"},
      {"cookie", "cookies"},
      // -um exceptions
      {"pretorium", "pretoriums"},
      {"agenda", "agendas"},
      {"formula", "formulas", "formulae"},
      // -o exceptions
      {"shoe", "shoes"},
      {"toe", "toes", nullptr, false, true},
      {"graffiti", "graffiti"},
      // abbreviations
      {"ID", "IDs", nullptr, false, true},
  };
  return words;
}

// Suffix rules, highest priority first.
const std::vector<std::pair<const char*, const char*>>& suffix_rules() {
  static const std::vector<std::pair<const char*, const char*>> rules = {
      {"tive", "tives"},    {"eaf", "eaves"},    {"oaf", "oaves"},       {"afe", "aves"},
      {"arf", "arves"},     {"rfe", "rves"},     {"rf", "rves"},         {"lf", "lves"},
      {"fe", "ves"},        {"ay", "ays"},       {"ey", "eys"},          {"oy", "oys"},
      {"quy", "quies"},     {"uy", "uys"},       {"y", "ies"},           {"eau", "eaux"},
      {"bula", "bulae"},    {"dula", "bulae"},   {"lula", "bulae"},      {"nula", "bulae"},
      {"vula", "bulae"},    {"hedron", "hedra"}, {"ium", "ia"},          {"seum", "seums"},
      {"eum", "ea"},        {"oum", "oa"},       {"stracum", "straca"},  {"dum", "da"},
      {"elum", "ela"},      {"ilum", "ila"},     {"olum", "ola"},        {"ulum", "ula"},
      {"llum", "lla"},      {"ylum", "yla"},     {"imum", "ima"},        {"ernum", "erna"},
      {"gnum", "gna"},      {"brum", "bra"},     {"crum", "cra"},        {"terum", "tera"},
      {"serum", "sera"},    {"trum", "tra"},     {"antum", "anta"},      {"atum", "ata"},
      {"entum", "enta"},    {"etum", "eta"},     {"itum", "ita"},        {"otum", "ota"},
      {"utum", "uta"},      {"ctum", "cta"},     {"ovum", "ova"},        {"trix", "trices"},
      {"iasis", "iases"},   {"mesis", "meses"},  {"kinesis", "kineses"}, {"resis", "reses"},
      {"gnosis", "gnoses"}, {"opsis", "opses"},  {"ysis", "yses"},       {"ouse", "ouses"},
      {"lause", "lauses"},  {"us", "uses"},      {"ch", "ches"},         {"io", "ios"},
      {"sh", "shes"},       {"ss", "sses"},      {"ez", "ezzes"},        {"iz", "izzes"},
      {"tz", "tzes"},       {"zz", "zzes"},      {"ano", "anos"},        {"lo", "los"},
      {"to", "tos"},        {"oo", "oos"},       {"o", "oes"},           {"x", "xes"},
      {"S", "Ses"},
  };
  return rules;
}

// Words that flect treats as one upper-case acronym when the whole input is one of them.
const std::set<std::string>& acronyms() {
  static const std::set<std::string> a = {
      "OK",    "UTF8", "HTML", "JSON",  "JWT",   "ID",    "UUID", "SQL",   "ACK",   "ACL",  "ADSL",
      "AES",   "ANSI", "API",  "ARP",   "ATM",   "BGP",   "BSS",  "CCITT", "CHAP",  "CIDR", "CIR",
      "CLI",   "CPE",  "CPU",  "CRC",   "CRT",   "CSMA",  "CMOS", "DCE",   "DEC",   "DES",  "DHCP",
      "DNS",   "DRAM", "DSL",  "DSLAM", "DTE",   "DMI",   "EHA",  "EIA",   "EIGRP", "EOF",  "ESS",
      "FCC",   "FCS",  "FDDI", "FTP",   "GBIC",  "GEPOF", "HDLC", "HTTP",  "HTTPS", "IANA", "ICMP",
      "IDF",   "IDS",  "IEEE", "IETF",  "IMAP",  "IP",    "IPS",  "ISDN",  "ISP",   "LACP", "LAN",
      "LAPB",  "LAPF", "LLC",  "MAC",   "MC",    "MDF",   "MIB",  "MPLS",  "MTU",   "NAC",  "NAT",
      "NBMA",  "NIC",  "NRZ",  "NRZI",  "NVRAM", "OIDC",  "OSI",  "OSPF",  "OUI",   "PAP",  "PAT",
      "PC",    "PIM",  "PCM",  "PDU",   "POP3",  "POTS",  "PPP",  "PPTP",  "PTT",   "PVST", "RAM",
      "RARP",  "RFC",  "RIP",  "RLL",   "ROM",   "RSTP",  "RTP",  "RCP",   "SDLC",  "SFD",  "SFP",
      "SLARP", "SLIP", "SMTP", "SNA",   "SNAP",  "SNMP",  "SOF",  "SRAM",  "SSH",   "SSID", "STP",
      "SYN",   "TDM",  "TFTP", "TIA",   "TOFU",  "UDP",   "URL",  "URI",   "USB",   "UTP",  "VC",
      "VLAN",  "VLSM", "VPN",  "W3C",   "WAN",   "WEP",   "WPA",  "WWW",
  };
  return a;
}

struct Rule {
  std::string suffix;
  std::string replacement;  // empty with keep == true: the word is already plural
  bool keep;
};

struct Tables {
  std::unordered_map<std::string, std::string> single_to_plural;
  std::unordered_map<std::string, std::string> plural_to_single;
  std::vector<Rule> rules;
};

const Tables& tables() {
  static const Tables t = [] {
    Tables t;
    for (const Word& w : dictionary()) {
      std::string plural = w.plural ? w.plural : w.singular;
      t.single_to_plural[w.singular] = plural;
      if (!w.uni) {
        t.plural_to_single[plural] = w.singular;
        if (w.alt) t.plural_to_single[w.alt] = w.singular;
      }
    }
    // Rules are consulted most-recently-inserted first: dictionary words (last entry first),
    // then the suffix list in its order. Each entry first recognises its plural suffix.
    const auto& dict = dictionary();
    for (auto it = dict.rbegin(); it != dict.rend(); ++it) {
      if (it->exact) continue;
      std::string plural = it->plural ? it->plural : it->singular;
      t.rules.push_back(Rule{plural, "", true});
      t.rules.push_back(Rule{it->singular, plural, false});
    }
    for (const auto& [singular, plural] : suffix_rules()) {
      t.rules.push_back(Rule{plural, "", true});
      t.rules.push_back(Rule{singular, plural, false});
    }
    return t;
  }();
  return t;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_separator(char c) {
  return c == '_' || c == ' ' || c == ':' || c == '-' || c == '/' || c == '\t' || c == '\n' ||
         c == '\r' || c == '\v' || c == '\f';
}

std::string trim_part(std::string s) {
  auto strip = [](char c) { return is_separator(c); };
  while (!s.empty() && strip(s.front())) s.erase(s.begin());
  while (!s.empty() && strip(s.back())) s.pop_back();
  if (acronyms().count(ascii_upper(s))) s = ascii_upper(s);
  return s;
}

// flect's word splitting (ASCII subset): separators, lower→upper transitions and acronyms.
std::string last_part(std::string_view word) {
  std::string s(trim(word));
  if (s.empty()) return "";
  if (acronyms().count(ascii_upper(s))) return ascii_upper(s);
  std::vector<std::string> parts;
  auto push = [&parts](const std::string& x) {
    std::string p = trim_part(x);
    if (!p.empty()) parts.push_back(p);
  };
  std::string x;
  char prev = 0;
  for (char c : s) {
    bool up = std::isupper(static_cast<unsigned char>(c)) != 0;
    bool prev_up = std::isupper(static_cast<unsigned char>(prev)) != 0;
    if (is_separator(c) || (up && !prev_up) || (up && acronyms().count(ascii_upper(x)))) {
      push(x);
      x.assign(1, c);
    } else if (std::isalnum(static_cast<unsigned char>(c)) ||
               std::ispunct(static_cast<unsigned char>(c))) {
      x += c;
    } else {
      push(x);
      x.clear();
    }
    prev = c;
  }
  push(x);
  return parts.empty() ? "" : parts.back();
}

std::string capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Ident.ReplaceSuffix: only a case-exact suffix of the original is replaced.
std::string replace_suffix(const std::string& original, const std::string& suffix,
                           const std::string& replacement) {
  if (ends_with(original, suffix)) {
    return original.substr(0, original.size() - suffix.size()) + replacement;
  }
  return original + replacement;
}

}  // namespace

std::string pluralize(std::string_view word) {
  const Tables& t = tables();
  std::string original(word);
  std::string s = last_part(word);
  if (s.empty()) return "";
  if (auto it = t.single_to_plural.find(original); it != t.single_to_plural.end()) {
    return it->second;
  }
  if (t.plural_to_single.count(original)) return original;
  std::string ls = ascii_lower(s);
  if (t.plural_to_single.count(ls)) return original;
  if (auto it = t.single_to_plural.find(ls); it != t.single_to_plural.end()) {
    std::string p = it->second;
    if (s == capitalize(s)) p = capitalize(p);
    return replace_suffix(original, s, p);
  }
  for (const Rule& r : t.rules) {
    if (ends_with(s, r.suffix)) {
      std::string plural = r.keep ? s : s.substr(0, s.size() - r.suffix.size()) + r.replacement;
      return replace_suffix(original, s, plural);
    }
  }
  if (ends_with(ls, "s")) return original;
  return original + "s";
}

std::string kind_plural(std::string_view kind) { return pluralize(ascii_lower(kind)); }

}  // namespace kro::schema
