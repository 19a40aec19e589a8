using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MusicGenre.Tests.Design;

/// <summary>
/// docs/api.md as the assemblies say it must read: every public type and member of each package, by namespace in
/// layer order, one line each (<c>- `signature` — description</c>). A description already in the current document is
/// kept (people may improve it); a new one starts as the first sentence of the member's XML documentation summary.
/// </summary>
internal static partial class PublicApiDocument
{
    public const string Header = """
        # Public API

        Every public type and member of the `MusicGenre`, `MusicGenre.Reporting`, `MusicGenre.AspNetCore` and `MusicGenre.Orleans` packages,
        by package and namespace (lowest layer first, as in [architecture.md](architecture.md)), one line each: the
        signature, then what it is for. Descriptions start as the first sentence of the XML documentation; edit them
        freely, they are kept.

        `tests/MusicGenre.Tests/Design/PublicApiTests.cs` compares this file with the compiled assemblies and fails on
        any difference in either direction. After changing the public API, regenerate the file and read its diff:

            MUSICGENRE_WRITE_API_DOC=1 dotnet test tests/MusicGenre.Tests -c Release --filter "FullyQualifiedName~PublicApiTests"

        (or copy the expected text that the failing test writes; it prints the path).
        """;

    /// <summary>The text docs/api.md must have for <paramref name="assemblies"/>, keeping the descriptions of <paramref name="current"/>.</summary>
    public static string Render(IEnumerable<Assembly> assemblies, string? current)
    {
        var kept = Descriptions(current ?? "");
        var text = new StringBuilder(Header.ReplaceLineEndings("\n")).Append('\n');
        foreach (var assembly in assemblies)
        {
            var docs = XmlDocs.For(assembly);
            text.Append($"\n## Package {assembly.GetName().Name}\n");
            var byNamespace = assembly.GetExportedTypes().Where(t => !IsGeneratedPlumbing(t)).GroupBy(t => t.Namespace ?? "")
                .OrderBy(g => Layers.Of(g.Key) ?? int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal);
            foreach (var ns in byNamespace)
            {
                text.Append($"\n### {ns.Key}\n\n");
                foreach (var type in ns.OrderBy(ApiSignatures.Name, StringComparer.Ordinal))
                {
                    var declaration = ApiSignatures.Declaration(type);
                    text.Append(Line(0, declaration, kept.GetValueOrDefault((declaration, "")) ?? docs.Summary(type)));
                    foreach (var (member, signature) in Members(type))
                        text.Append(Line(1, signature, kept.GetValueOrDefault((declaration, signature)) ?? docs.Summary(member)));
                }
            }
        }
        return text.ToString();
    }

    /// <summary>
    /// True for public types a source generator adds that no user calls: Orleans' serialisers, copiers and invokers
    /// (<c>OrleansCodeGen.*</c>, marked <see cref="System.CodeDom.Compiler.GeneratedCodeAttribute"/>).
    /// </summary>
    private static bool IsGeneratedPlumbing(Type type)
        => type.IsDefined(typeof(System.CodeDom.Compiler.GeneratedCodeAttribute), inherit: false)
           || (type.Namespace ?? "").StartsWith("OrleansCodeGen", StringComparison.Ordinal);

    /// <summary>A type's public members with their signatures: constructors, fields, properties, events, methods; by name within each kind.</summary>
    private static IEnumerable<(MemberInfo Member, string Signature)> Members(Type type)
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (typeof(Delegate).IsAssignableFrom(type.BaseType)) return [];
        return type.GetMembers(declared)
            .Where(m => m is not Type && ApiSignatures.IsPublicSurface(m))
            .Select(m => (Member: m, Signature: ApiSignatures.Of(m)))
            .Where(m => m.Signature is not null)
            .OrderBy(m => m.Member switch { ConstructorInfo => 0, FieldInfo => 1, PropertyInfo => 2, EventInfo => 3, _ => 4 })
            .ThenBy(m => m.Member is FieldInfo { DeclaringType.IsEnum: true } f ? Convert.ToInt64(f.GetRawConstantValue()) : 0)
            .ThenBy(m => m.Member.Name, StringComparer.Ordinal)
            .ThenBy(m => m.Signature, StringComparer.Ordinal)
            .Select(m => (m.Member, m.Signature!));
    }

    private static string Line(int depth, string signature, string description)
        => $"{new string(' ', 2 * depth)}- `{signature}` — {description}\n";

    /// <summary>The descriptions in a document, keyed by (type declaration, member signature or "" for the type).</summary>
    public static Dictionary<(string Type, string Member), string> Descriptions(string document)
    {
        var found = new Dictionary<(string, string), string>();
        var type = "";
        foreach (var line in document.ReplaceLineEndings("\n").Split('\n'))
        {
            if (ApiLine().Match(line) is not { Success: true } m) continue;
            var signature = m.Groups["signature"].Value;
            var description = m.Groups["description"].Value.Trim();
            if (m.Groups["indent"].Length == 0) type = signature;
            if (description.Length > 0) found.TryAdd(m.Groups["indent"].Length == 0 ? (signature, "") : (type, signature), description);
        }
        return found;
    }

    [GeneratedRegex(@"^(?<indent> *)- `(?<signature>.+)` — (?<description>.*)$")]
    private static partial Regex ApiLine();

    /// <summary>The summaries of one assembly's XML documentation file, read next to the assembly.</summary>
    private sealed partial class XmlDocs
    {
        private readonly Dictionary<string, XElement> members;

        private XmlDocs(Dictionary<string, XElement> members) => this.members = members;

        public static XmlDocs For(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(path)) throw new FileNotFoundException($"The XML documentation of {assembly.GetName().Name} is not next to it.", path);
            return new XmlDocs(XDocument.Load(path).Descendants("member")
                .ToDictionary(m => (string)m.Attribute("name")!, m => m));
        }

        /// <summary>The first sentence of the member's summary, following <c>inheritdoc</c> to the member it implements or overrides.</summary>
        public string Summary(MemberInfo member)
        {
            if (members.TryGetValue(ApiSignatures.DocId(member), out var doc) && doc.Element("summary") is { } summary)
                return FirstSentence(Text(summary));
            foreach (var inherited in Inherited(member))
                if (members.TryGetValue(ApiSignatures.DocId(inherited), out var d) && d.Element("summary") is { } s)
                    return FirstSentence(Text(s));
            if (member is ConstructorInfo constructor && constructor.GetParameters().Length == 0) // the compiler's implicit constructor has no documentation
                return constructor.IsPublic ? "Creates an instance with the default values." : "For derived classes.";
            return Inherited(member).FirstOrDefault() is { } origin
                ? $"{(origin.DeclaringType!.IsInterface ? "Implements" : "Overrides")} `{origin.DeclaringType.Name.Split('`')[0]}.{origin.Name}`."
                : "(undocumented)";
        }

        /// <summary>The base-class and interface members that <paramref name="member"/> overrides or implements.</summary>
        private static IEnumerable<MemberInfo> Inherited(MemberInfo member)
        {
            var method = member switch
            {
                MethodInfo m => m,
                PropertyInfo p => p.GetMethod ?? p.SetMethod,
                _ => null,
            };
            if (method is null || method.DeclaringType is not { } type) yield break;
            var baseMethod = method.GetBaseDefinition();
            if (baseMethod != method) yield return member is PropertyInfo p ? baseMethod.DeclaringType!.GetProperty(p.Name) ?? (MemberInfo)baseMethod : baseMethod;
            if (type.IsInterface) yield break;
            foreach (var face in type.GetInterfaces())
            {
                var map = type.GetInterfaceMap(face);
                var index = Array.IndexOf(map.TargetMethods, method);
                if (index < 0) continue;
                var target = map.InterfaceMethods[index];
                yield return member is PropertyInfo property ? face.GetProperty(property.Name) ?? (MemberInfo)target : target;
            }
        }

        private static string Text(XElement element)
        {
            var text = new StringBuilder();
            foreach (var node in element.Nodes())
            {
                switch (node)
                {
                    case XText t:
                        text.Append(t.Value);
                        break;
                    case XElement { Name.LocalName: "see" or "seealso" } see when see.Attribute("cref") is { } cref:
                        text.Append('`').Append(CrefName(cref.Value)).Append('`');
                        break;
                    case XElement { Name.LocalName: "see" } see when see.Attribute("langword") is { } word:
                        text.Append('`').Append(word.Value).Append('`');
                        break;
                    case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                        text.Append('`').Append((string?)reference.Attribute("name")).Append('`');
                        break;
                    case XElement { Name.LocalName: "c" or "code" } code:
                        text.Append('`').Append(code.Value).Append('`');
                        break;
                    case XElement other:
                        text.Append(' ').Append(Text(other)).Append(' ');
                        break;
                }
            }
            return text.ToString();
        }

        /// <summary><c>M:NS.Type.Method(System.Int32)</c> → <c>Type.Method</c>; <c>T:NS.Type`1</c> → <c>Type</c>.</summary>
        private static string CrefName(string cref)
        {
            var id = cref.Contains(':') ? cref[(cref.IndexOf(':') + 1)..] : cref;
            if (id.IndexOf('(') is var open and >= 0) id = id[..open];
            var parts = id.Split('.').Select(p => p.Split('`')[0].Replace("#ctor", "ctor", StringComparison.Ordinal)).ToArray();
            return cref.StartsWith("T:", StringComparison.Ordinal) || parts.Length < 2 ? parts[^1] : $"{parts[^2]}.{parts[^1]}";
        }

        private static string FirstSentence(string text)
        {
            var flat = Whitespace().Replace(text, " ").Trim();
            var end = SentenceEnd().Match(flat);
            return end.Success ? flat[..(end.Index + 1)] : flat;
        }

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();

        // A full stop that ends a sentence: followed by a space and a capital, a backtick or a parenthesis; not "e.g." or "i.e.".
        [GeneratedRegex(@"(?<!\b(?:e\.g|i\.e|vs|etc|approx))\.(?= [A-Z`(])")]
        private static partial Regex SentenceEnd();
    }
}
