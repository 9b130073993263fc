/// Checks a shop's intents against each other and against the profile, with messages that
/// say what to change.
enum ContentValidator {
    static func validate(intents: [Intent], profile: ShopProfile, lexicon: Lexicon = Lexicon()) -> [ContentIssue] {
        var issues: [ContentIssue] = []
        var ids: [String: SourceLocation] = [:]
        var examples: [String: (intent: String, location: SourceLocation)] = [:]
        let known = profile.placeholders
        for intent in intents {
            let file = intent.source.file
            if let first = ids[intent.id] {
                issues.append(ContentIssue(.error, file: file, line: intent.source.line,
                                           "duplicate intent id '\(intent.id)' (first defined at \(first)); rename one or merge them"))
            } else {
                ids[intent.id] = intent.source
            }
            if intent.examples.isEmpty {
                issues.append(ContentIssue(.error, file: file, line: intent.source.line,
                                           "intent '\(intent.id)' has no examples; add some under 'examples:'"))
            }
            if intent.answer.isEmpty {
                issues.append(ContentIssue(.error, file: file, line: intent.source.line,
                                           "intent '\(intent.id)' has no answer; add one under 'answer:'"))
            }
            for name in ShopProfile.placeholderNames(in: intent.answer) where known[name] == nil {
                // Sorted first, so of equally close names the hint is always the same one.
                let close = known.keys.sorted().min { IntentFileParser.editDistance($0, name) < IntentFileParser.editDistance($1, name) }
                let hint = close.map { "; did you mean {\($0)}?" } ?? ""
                issues.append(ContentIssue(.error, file: file, line: intent.answerLine,
                                           "answer of '\(intent.id)' names unknown placeholder {\(name)}\(hint) (placeholders are the keys of shop.profile)"))
            }
            let concepts = lexicon.concepts.map(\.name)
            for followUp in intent.followUps {
                for name in ShopProfile.placeholderNames(in: followUp.answer) where known[name] == nil {
                    issues.append(ContentIssue(.error, file: file, line: followUp.line,
                                               "follow-up of '\(intent.id)' names unknown placeholder {\(name)} (placeholders are the keys of shop.profile)"))
                }
                for cue in followUp.cues where cue.hasPrefix("~") && !concepts.contains(cue.lowercased()) {
                    issues.append(ContentIssue(.error, file: file, line: followUp.line,
                                               "follow-up cue \(cue) of '\(intent.id)' names no concept in \(Catalog.conceptsFile)\(Self.closest(to: cue.lowercased(), in: concepts))"))
                }
            }
            issues += validateCues(of: intent, lexicon: lexicon)
            for example in intent.examples {
                let key = TextNormalizer.words(in: example.text).joined(separator: " ")
                let here = SourceLocation(file: file, line: example.line)
                if let other = examples[key] {
                    if other.intent == intent.id {
                        issues.append(ContentIssue(.warning, file: file, line: example.line,
                                                   "example \"\(example.text)\" repeats the one at \(other.location); remove one"))
                    } else {
                        issues.append(ContentIssue(.error, file: file, line: example.line,
                                                   "example \"\(example.text)\" also belongs to intent \(other.intent) (\(other.location)); keep it under one intent"))
                    }
                } else {
                    examples[key] = (intent.id, here)
                }
            }
        }
        return issues
    }

    /// Cues naming a concept the lexicon lacks, and an item both needed and excluded.
    static func validateCues(of intent: Intent, lexicon: Lexicon) -> [ContentIssue] {
        var issues: [ContentIssue] = []
        let file = intent.source.file
        let names = lexicon.concepts.map(\.name)
        var needed: [String: Int] = [:]
        /// A concept by its name, a word or phrase by its normalised words.
        func cueKey(_ item: String) -> String {
            item.hasPrefix("~") ? item.lowercased() : TextNormalizer.words(in: item).joined(separator: " ")
        }
        let forms = intent.cues.filter { $0.kind == .form }
        if forms.count > 1, let second = forms.dropFirst().first {
            issues.append(ContentIssue(.error, file: file, line: second.line,
                                       "'\(intent.id)' states its form twice (line \(forms[0].line) too); keep one 'form:' line"))
        }
        for cue in intent.cues where cue.kind != .form {
            for item in cue.items {
                let key = cueKey(item)
                if item.hasPrefix("~"), !names.contains(key) {
                    issues.append(ContentIssue(.error, file: file, line: cue.line,
                                               "cue \(item) of '\(intent.id)' names no concept in \(Catalog.conceptsFile)\(Self.closest(to: key, in: names))"))
                } else if key.isEmpty {
                    issues.append(ContentIssue(.error, file: file, line: cue.line, "cue '\(item)' of '\(intent.id)' has no words; remove it"))
                }
                if cue.kind == .needs { needed[key] = cue.line }
            }
        }
        for cue in intent.cues where cue.kind == .excludes {
            for item in cue.items {
                let key = cueKey(item)
                if let line = needed[key] {
                    issues.append(ContentIssue(.error, file: file, line: cue.line,
                                               "'\(intent.id)' excludes \(item), which its 'needs:' on line \(line) asks for; keep it on one of the two lines"))
                }
            }
        }
        return issues
    }

    /// "; did you mean ~x?" for the concept name closest to `name`, or nothing when there are none.
    static func closest(to name: String, in names: [String]) -> String {
        names.min { IntentFileParser.editDistance($0, name) < IntentFileParser.editDistance($1, name) }.map { "; did you mean \($0)?" } ?? ""
    }
}
