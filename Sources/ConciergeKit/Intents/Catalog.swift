import Foundation

/// A shop's content, loaded and validated: intents, the lexicon (concepts and lemmas) and the shop profile.
///
/// A `Catalog` only exists when its content had no errors; build an ``IntentMatcher`` from it.
public struct Catalog: Sendable {
    /// The intents, in file order.
    public let intents: [Intent]
    /// The shop profile and policies.
    public let profile: ShopProfile
    /// Warnings found while loading (errors prevent loading).
    public let warnings: [ContentIssue]
    /// The concepts and lemmas the matcher reads words through.
    public let lexicon: Lexicon
    /// The bot's own words (welcome, fallback, quick replies, yes and no).
    public let wording: Wording
    /// The agents' canned answers for the inbox, in file order; none without `saved-replies.txt`.
    public let savedReplies: [SavedReply]
    /// Intent id → its position in `intents` (the first, should an id repeat), so that a look-up
    /// by id neither compares ids one by one nor copies each intent it passes.
    let positions: WordMap<Int>

    init(intents: [Intent], profile: ShopProfile, warnings: [ContentIssue], lexicon: Lexicon, wording: Wording = Wording(values: [:]),
         savedReplies: [SavedReply] = []) {
        self.intents = intents
        self.wording = wording
        self.savedReplies = savedReplies
        self.profile = profile
        self.warnings = warnings
        self.lexicon = lexicon
        positions = WordMap(Dictionary(intents.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// The intent with `id`, if there is one.
    public func intent(_ id: String) -> Intent? { positions[id].map { intents[$0] } }

    /// The name of the profile file inside a content folder.
    public static let profileFile = "shop.profile"
    /// The name of the concepts file inside a content folder.
    public static let conceptsFile = "concepts.txt"
    /// The name of the lemmas file inside a content folder.
    public static let lemmasFile = "lemmas.txt"
    /// The name of the dictionary file inside a content folder.
    public static let dictionaryFile = "dictionary.txt"
    /// The name of the compounds file inside a content folder.
    public static let compoundsFile = "compounds.txt"

    /// Whether a file of this name in a content folder is part of the content.
    public static func isContentFile(_ name: String) -> Bool {
        name.hasSuffix(".intents") || name == profileFile || name == conceptsFile || name == lemmasFile || name == dictionaryFile || name == compoundsFile
            || name == Wording.file || name == SavedReply.file
    }

    /// Loads the content folder at `directory`.
    /// - Throws: ``ContentError`` listing every error as `file:line: message`.
    public static func load(from directory: String) throws(ContentError) -> Catalog {
        let (catalog, issues) = read(directory)
        guard let catalog, !issues.contains(where: { $0.severity == .error }) else { throw ContentError(issues: issues) }
        return catalog
    }

    /// Builds a catalog from texts in memory (for tests and tools): `files` maps file names to contents.
    public static func parse(files: [String: String]) throws(ContentError) -> Catalog {
        let (catalog, issues) = build(files: files.sorted { $0.key < $1.key })
        guard let catalog, !issues.contains(where: { $0.severity == .error }) else { throw ContentError(issues: issues) }
        return catalog
    }

    /// Every problem in the content folder at `directory`, errors and warnings, including
    /// examples the compiled matcher would send to another intent.
    public static func check(directory: String) -> [ContentIssue] {
        let (catalog, issues) = read(directory)
        guard let catalog, !issues.contains(where: { $0.severity == .error }) else { return issues }
        return issues + IntentMatcher(catalog: catalog).overlapWarnings()
    }

    static func read(_ directory: String) -> (Catalog?, [ContentIssue]) {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            return (nil, [ContentIssue(.error, file: directory, line: 0, "no such folder; point --intents at a folder with *.intents files and \(profileFile)")])
        }
        let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var files: [(String, String)] = []
        var issues: [ContentIssue] = []
        for name in names where isContentFile(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = fm.contents(atPath: path) else {
                issues.append(ContentIssue(.error, file: path, line: 0, "can't read the file; check its permissions"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                issues.append(ContentIssue(.error, file: path, line: 0, "not UTF-8 text; save it as UTF-8"))
                continue
            }
            files.append((path, text))
        }
        let (catalog, more) = build(files: files)
        issues += more
        issues += requiredContent(directory: directory, names: names, files: files, intents: catalog?.intents.map(\.id))
        return (catalog, issues)
    }

    /// What a shop's folder needs beyond what the matcher needs: the wording file, and every intent
    /// the dialogue's code acts on (``IntentID``), each reported against the file it belongs in.
    /// - Parameter intents: the ids the content defines; nil when it had errors (then only the wording file is checked).
    static func requiredContent(directory: String, names: [String], files: [(String, String)], intents: [String]?) -> [ContentIssue] {
        var issues: [ContentIssue] = []
        if !names.contains(Wording.file) {
            issues.append(ContentIssue(.error, file: (directory as NSString).appendingPathComponent(Wording.file), line: 0,
                                       "missing; the bot's welcome, fallback, quick replies and yes/no words live here (copy the bundled Intents/\(Wording.file))"))
        }
        guard let intents else { return issues }
        let defined = Set(intents)
        for id in IntentID.allCases where !defined.contains(id.rawValue) {
            let home = (directory as NSString).appendingPathComponent(id.home)
            let lines = files.first { $0.0 == home }.map { $0.1.split(separator: "\n", omittingEmptySubsequences: false).count } ?? 0
            issues.append(ContentIssue(.error, file: home, line: max(1, lines), "the catalog has no intent '\(id.rawValue)', and \(id.use); add it back (an 'intent: \(id.rawValue)' block with examples and an answer)"))
        }
        return issues
    }

    static func build(files: [(String, String)]) -> (Catalog?, [ContentIssue]) {
        var issues: [ContentIssue] = []
        var intents: [Intent] = []
        var profile: ShopProfile?
        var lexicon = Lexicon()
        var wordingFile: (path: String, text: String)?
        var savedRepliesFile: (path: String, text: String)?
        for (path, text) in files {
            let name = (path as NSString).lastPathComponent
            if name == profileFile {
                profile = ShopProfile.parse(text, file: path, issues: &issues)
            } else if name == conceptsFile {
                lexicon.concepts = ConceptsFile.parse(text, file: path, issues: &issues)
            } else if name == lemmasFile {
                lexicon.lemmas = LemmasFile.parse(text, file: path, issues: &issues)
            } else if name == dictionaryFile {
                lexicon.dictionary = DictionaryFile.parse(text, file: path, issues: &issues)
            } else if name == compoundsFile {
                lexicon.compounds = CompoundsFile.parse(text, file: path, issues: &issues)
            } else if name == Wording.file {
                wordingFile = (path, text)
            } else if name == SavedReply.file {
                savedRepliesFile = (path, text)
            } else {
                intents += IntentFileParser.parse(text, file: path, issues: &issues)
            }
        }
        if intents.isEmpty {
            issues.append(ContentIssue(.error, file: files.first.map { ($0.0 as NSString).deletingLastPathComponent } ?? ".", line: 0,
                                       "no intents found; add at least one *.intents file"))
        }
        guard let profile else {
            issues.append(ContentIssue(.error, file: profileFile, line: 0, "missing \(profileFile); the answers take the shop's facts from it"))
            return (nil, issues)
        }
        issues += ContentValidator.validate(intents: intents, profile: profile, lexicon: lexicon)
        // Read after the profile, whose placeholders the wording may use.
        let wording = wordingFile.map { Wording.parse($0.text, file: $0.path, profile: profile, issues: &issues) } ?? Wording(values: [:])
        let savedReplies = savedRepliesFile.map { SavedReply.parse($0.text, file: $0.path, profile: profile, issues: &issues) } ?? []
        let catalog = Catalog(intents: intents, profile: profile, warnings: issues.filter { $0.severity == .warning }, lexicon: lexicon,
                              wording: wording, savedReplies: savedReplies)
        return (catalog, issues)
    }
}
