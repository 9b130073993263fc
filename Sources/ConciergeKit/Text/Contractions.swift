/// English contractions, texting shorthand and run-together forms, expanded before matching.
///
/// These are rules of the language rather than of a shop, so they live in code; a shop's own
/// vocabulary (product words, "acct" for account) belongs in `Intents/synonyms.txt`.
enum Contractions {
    /// `word'suffix` forms, keyed by the part after the apostrophe.
    static func expand(base: String, suffix: String) -> [String] {
        switch suffix {
        case "t" where base.hasSuffix("n"):
            switch base {
            case "can": return ["can", "not"]
            case "won": return ["will", "not"]
            case "shan": return ["shall", "not"]
            case "ain": return ["is", "not"]
            default: return [String(base.dropLast()), "not"]
            }
        case "s":
            return isBeforeIs.contains(base) ? [base, "is"] : (base == "let" ? ["let", "us"] : [base])
        case "re": return [base, "are"]
        case "m": return [base, "am"]
        case "ve": return [base, "have"]
        case "ll": return [base, "will"]
        case "d": return [base, "would"]
        default: return [base + suffix]
        }
    }

    private static let isBeforeIs: Set<String> = [
        "it", "that", "what", "where", "there", "here", "who", "how", "he", "she", "when", "why", "this",
    ]

    /// Single tokens written without an apostrophe or in shorthand, and what they stand for.
    static let expansions: [String: [String]] = [
        "wheres": ["where", "is"], "whats": ["what", "is"], "thats": ["that", "is"], "theres": ["there", "is"],
        "hows": ["how", "is"], "whos": ["who", "is"], "whens": ["when", "is"], "whys": ["why", "is"],
        "heres": ["here", "is"],
        "dont": ["do", "not"], "doesnt": ["does", "not"], "didnt": ["did", "not"], "cant": ["can", "not"],
        "cannot": ["can", "not"], "wont": ["will", "not"], "isnt": ["is", "not"], "arent": ["are", "not"],
        "wasnt": ["was", "not"], "werent": ["were", "not"], "havent": ["have", "not"], "hasnt": ["has", "not"],
        "hadnt": ["had", "not"], "couldnt": ["could", "not"], "shouldnt": ["should", "not"],
        "wouldnt": ["would", "not"], "aint": ["is", "not"], "im": ["i", "am"], "ive": ["i", "have"],
        "youre": ["you", "are"], "youve": ["you", "have"], "theyre": ["they", "are"], "weve": ["we", "have"],
        "wanna": ["want", "to"], "gonna": ["going", "to"], "gotta": ["got", "to"], "gimme": ["give", "me"],
        "lemme": ["let", "me"], "dunno": ["do", "not", "know"], "kinda": ["kind", "of"],
        "u": ["you"], "ya": ["you"], "yu": ["you"], "ur": ["your"], "yr": ["your"], "r": ["are"],
        "pls": ["please"], "plz": ["please"], "plse": ["please"], "pleas": ["please"], "pleeease": ["please"],
        "thx": ["thanks"], "thnx": ["thanks"], "thanx": ["thanks"], "tnx": ["thanks"], "ty": ["thanks"],
        "tysm": ["thank", "you", "so", "much"], "thks": ["thanks"],
        "wat": ["what"], "wot": ["what"], "wut": ["what"], "hw": ["how"], "abt": ["about"], "b4": ["before"],
        "cuz": ["because"], "coz": ["because"], "cos": ["because"], "bc": ["because"], "becuz": ["because"],
        "msg": ["message"], "k": ["ok"], "kk": ["ok"], "okay": ["ok"], "okey": ["ok"], "thru": ["through"],
        "tho": ["though"], "w/": ["with"], "2day": ["today"], "2morrow": ["tomorrow"], "tmrw": ["tomorrow"],
        "idk": ["i", "do", "not", "know"], "asap": ["as", "soon", "as", "possible"], "rn": ["right", "now"],
        "atm": ["at", "the", "moment"], "smth": ["something"], "sth": ["something"], "sb": ["somebody"],
        "ppl": ["people"], "bcoz": ["because"], "y'all": ["you"], "hv": ["have"], "cud": ["could"],
        "wud": ["would"], "shud": ["should"], "n": ["and"], "nd": ["and"], "ok?": ["ok"],
    ]
}
