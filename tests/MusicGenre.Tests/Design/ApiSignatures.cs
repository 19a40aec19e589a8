using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace MusicGenre.Tests.Design;

/// <summary>
/// C#-like one-line signatures of public types and members, read by reflection (nullable annotations included), and
/// the XML documentation ids that name them in the compiler's <c>.xml</c> file.
/// </summary>
internal static class ApiSignatures
{
    private static readonly NullabilityInfoContext Nullability = new();

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort",
        [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
    };

    /// <summary>The type's declaration: modifiers, kind, name, base type and interfaces.</summary>
    public static string Declaration(Type type)
    {
        if (type.IsEnum) return "enum " + Name(type);
        if (type.IsInterface) return "interface " + Name(type) + Bases(type);
        if (typeof(Delegate).IsAssignableFrom(type.BaseType))
        {
            var invoke = type.GetMethod("Invoke")!;
            return $"delegate {TypeName(invoke.ReturnType, Nullability.Create(invoke.ReturnParameter))} {Name(type)}({Parameters(invoke)})";
        }
        var record = type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public) is { } p && Has(p, "CompilerGeneratedAttribute");
        string kind;
        if (type.IsValueType)
            kind = (Has(type, "IsReadOnlyAttribute") ? "readonly " : "") + (record ? "record struct" : "struct");
        else
            kind = (type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "") + (record ? "record" : "class");
        return $"{kind} {Name(type)}{Bases(type, record)}";
    }

    /// <summary>The member's signature, or null for what is not part of the public surface (compiler-generated, accessors).</summary>
    public static string? Of(MemberInfo member) => member switch
    {
        FieldInfo f when f.DeclaringType!.IsEnum => f.IsSpecialName ? null : $"{f.Name} = {Convert.ToInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture)}",
        FieldInfo f => (f.IsLiteral ? "const " : f.IsStatic ? "static " : "") + (f.IsInitOnly ? "readonly " : "")
                       + TypeName(f.FieldType, Nullability.Create(f), TupleNames(f.CustomAttributes)) + " " + f.Name
                       + (f.IsLiteral ? " = " + Literal(f.GetRawConstantValue(), f.FieldType) : ""),
        PropertyInfo p => Property(p),
        EventInfo e => $"{(e.AddMethod!.IsStatic ? "static " : "")}event {TypeName(e.EventHandlerType!, Nullability.Create(e))} {e.Name}",
        ConstructorInfo c => $"{ShortName(c.DeclaringType!)}({Parameters(c)})",
        MethodInfo m => Method(m),
        _ => null,
    };

    /// <summary>Whether a member is visible to users (public, or protected on a type they can derive from) and written by hand.</summary>
    public static bool IsPublicSurface(MemberInfo member)
    {
        if (Has(member, "CompilerGeneratedAttribute")) return false;
        var sealedType = member.DeclaringType!.IsSealed;
        bool Visible(MethodBase? m) => m is not null && (m.IsPublic || (!sealedType && (m.IsFamily || m.IsFamilyOrAssembly)));
        return member switch
        {
            FieldInfo f => f.IsPublic || (!sealedType && (f.IsFamily || f.IsFamilyOrAssembly)),
            PropertyInfo p => Visible(p.GetMethod) || Visible(p.SetMethod),
            EventInfo e => Visible(e.AddMethod),
            ConstructorInfo c => !c.IsStatic && Visible(c),
            MethodInfo m => Visible(m) && (!m.IsSpecialName || m.Name.StartsWith("op_", StringComparison.Ordinal)),
            _ => false,
        };
    }

    /// <summary>The id of a type or member in the compiler's XML documentation file (e.g. <c>M:NS.T.M(System.String)</c>).</summary>
    public static string DocId(MemberInfo member) => member switch
    {
        Type t => "T:" + TypeId(t),
        FieldInfo f => $"F:{TypeId(f.DeclaringType!)}.{f.Name}",
        EventInfo e => $"E:{TypeId(e.DeclaringType!)}.{e.Name}",
        PropertyInfo p => $"P:{TypeId(p.DeclaringType!)}.{p.Name}{ParameterIds(p.GetIndexParameters())}",
        MethodBase m => $"M:{TypeId(m.DeclaringType!)}.{(m.IsConstructor ? "#ctor" : m.Name)}"
                        + (m.IsGenericMethodDefinition ? "``" + m.GetGenericArguments().Length : "")
                        + ParameterIds(m.GetParameters())
                        + (m.Name is "op_Implicit" or "op_Explicit" ? "~" + IdOf(((MethodInfo)m).ReturnType) : ""),
        _ => throw new ArgumentException($"No documentation id for {member}."),
    };

    /// <summary>The type's name as written in this document: nested types after their declaring type, with generic parameters.</summary>
    public static string Name(Type type) => (type.DeclaringType is { } outer ? Name(outer) + "." : "") + ShortName(type) + GenericParameters(type);

    private static string ShortName(Type type) => type.Name.Split('`')[0];

    private static string GenericParameters(Type type)
    {
        var own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).ToArray();
        return own.Length == 0 ? "" : "<" + string.Join(", ", own.Select(a => a.Name)) + ">";
    }

    private static string Bases(Type type, bool record = false)
    {
        var list = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType)) list.Add(TypeName(b, null));
        var inherited = new HashSet<Type>((type.BaseType?.GetInterfaces() ?? []).Concat(type.GetInterfaces().SelectMany(i => i.GetInterfaces())));
        if (record) inherited.Add(typeof(IEquatable<>).MakeGenericType(type)); // every record's
        list.AddRange(type.GetInterfaces().Where(i => i.IsVisible && !inherited.Contains(i)).Select(i => TypeName(i, null)).Order(StringComparer.Ordinal));
        return list.Count == 0 ? "" : " : " + string.Join(", ", list);
    }

    private static string Property(PropertyInfo p)
    {
        var getter = p.GetMethod is { } g && (g.IsPublic || g.IsFamily || g.IsFamilyOrAssembly) ? g : null;
        var setter = p.SetMethod is { } s && (s.IsPublic || s.IsFamily || s.IsFamilyOrAssembly) ? s : null;
        var accessor = (getter ?? setter)!;
        var init = setter is not null && setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit");
        var indexer = p.GetIndexParameters();
        var name = indexer.Length == 0 ? p.Name : $"this[{string.Join(", ", indexer.Select(Parameter))}]";
        return Modifiers(accessor) + (Has(p, "RequiredMemberAttribute") ? "required " : "")
               + $"{TypeName(p.PropertyType, Nullability.Create(p), TupleNames(p.CustomAttributes))} {name} {{ {(getter is null ? "" : "get; ")}{(setter is null ? "" : init ? "init; " : "set; ")}}}";
    }

    private static string Method(MethodInfo m)
    {
        var returns = TypeName(m.ReturnType, Nullability.Create(m.ReturnParameter), TupleNames(m.ReturnParameter.CustomAttributes));
        var generic = m.IsGenericMethodDefinition ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : "";
        var name = m.Name switch
        {
            "op_Implicit" => "implicit operator " + returns,
            "op_Explicit" => "explicit operator " + returns,
            _ when m.IsSpecialName && m.Name.StartsWith("op_", StringComparison.Ordinal) => $"{returns} operator {m.Name[3..]}",
            _ => $"{returns} {m.Name}{generic}",
        };
        var extension = Has(m, "ExtensionAttribute") ? "this " : "";
        return $"{Modifiers(m)}{name}({extension}{Parameters(m)})";
    }

    private static string Modifiers(MethodInfo m)
    {
        var text = m.IsStatic ? "static " : "";
        if (m.IsFamily || m.IsFamilyOrAssembly) text = "protected " + text;
        if (m.DeclaringType!.IsInterface) return text;
        if (m.IsAbstract) return text + "abstract ";
        if (m.IsVirtual && !m.IsFinal) return text + (m.GetBaseDefinition() != m ? "override " : "virtual ");
        if (m.IsVirtual && m.GetBaseDefinition() != m) return text + "override ";
        return text;
    }

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(Parameter));

    private static string Parameter(ParameterInfo p)
    {
        var type = p.ParameterType;
        var prefix = Has(p, "ParamArrayAttribute") ? "params " : "";
        if (type.IsByRef)
        {
            prefix += p.IsOut ? "out " : p.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }
        var text = $"{prefix}{TypeName(type, Nullability.Create(p), TupleNames(p.CustomAttributes))} {p.Name}";
        return p.HasDefaultValue ? text + " = " + Literal(p.RawDefaultValue, type) : text;
    }

    private static string Literal(object? value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            null when type.IsValueType && Nullable.GetUnderlyingType(type) is null => "default",
            null => "null",
            string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            bool b => b ? "true" : "false",
            char c => $"'{c}'",
            _ when underlying.IsEnum => Enum.ToObject(underlying, value) is var e && Enum.IsDefined(underlying, e)
                ? $"{ShortName(underlying)}.{e}"
                : $"({ShortName(underlying)}){Convert.ToInt64(value, CultureInfo.InvariantCulture)}",
            float f => f.ToString("R", CultureInfo.InvariantCulture) + "f",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable n => n.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>The type as C# writes it, with <c>?</c> where the annotation says nullable.</summary>
    private static string TypeName(Type type, NullabilityInfo? nullability, Queue<string?>? tupleNames = null)
    {
        var mark = nullability is { ReadState: NullabilityState.Nullable } && !type.IsValueType ? "?" : "";
        if (type.IsByRef) return TypeName(type.GetElementType()!, nullability, tupleNames);
        if (type.IsPointer) return TypeName(type.GetElementType()!, null, tupleNames) + "*";
        if (type.IsArray) return TypeName(type.GetElementType()!, nullability?.ElementType, tupleNames) + "[" + new string(',', type.GetArrayRank() - 1) + "]" + mark;
        if (Nullable.GetUnderlyingType(type) is { } inner) return TypeName(inner, nullability?.GenericTypeArguments.FirstOrDefault(), tupleNames) + "?";
        if (type.IsGenericParameter) return type.Name + mark;
        if (Keywords.TryGetValue(type, out var keyword)) return keyword + mark;
        var arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        string Argument(int i) => TypeName(arguments[i], nullability is { GenericTypeArguments.Length: var n } && n > i ? nullability.GenericTypeArguments[i] : null, tupleNames);
        if (type.IsGenericType && type.GetGenericTypeDefinition().FullName?.StartsWith("System.ValueTuple`", StringComparison.Ordinal) == true)
        {
            // The names of a tuple's elements come first, then those of the tuples inside it (the compiler's order).
            var names = arguments.Select(_ => tupleNames is { Count: > 0 } ? tupleNames.Dequeue() : null).ToArray();
            return "(" + string.Join(", ", arguments.Select((_, i) => Argument(i) + (names[i] is { } name ? " " + name : ""))) + ")" + mark;
        }
        var name = (type.DeclaringType is { } outer && !type.IsGenericParameter ? ShortName(outer) + "." : "") + ShortName(type);
        return (arguments.Length == 0 ? name : $"{name}<{string.Join(", ", arguments.Select((_, i) => Argument(i)))}>") + mark;
    }

    /// <summary>The element names the compiler recorded for the tuples in a signature (<c>TupleElementNamesAttribute</c>), or null.</summary>
    private static Queue<string?>? TupleNames(IEnumerable<CustomAttributeData> attributes)
        => attributes.FirstOrDefault(a => a.AttributeType.Name == "TupleElementNamesAttribute") is { } names
            ? new Queue<string?>(((IEnumerable<CustomAttributeTypedArgument>)names.ConstructorArguments[0].Value!).Select(a => (string?)a.Value))
            : null;

    /// <summary>Whether the attribute is applied, by name (some packages carry their own copies of the compiler's attributes).</summary>
    private static bool Has(MemberInfo member, string attribute) => member.CustomAttributes.Any(a => a.AttributeType.Name == attribute);

    private static bool Has(ParameterInfo parameter, string attribute) => parameter.CustomAttributes.Any(a => a.AttributeType.Name == attribute);

    private static string TypeId(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    private static string ParameterIds(ParameterInfo[] parameters)
        => parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => IdOf(p.ParameterType))) + ")";

    private static string IdOf(Type type)
    {
        if (type.IsByRef) return IdOf(type.GetElementType()!) + "@";
        if (type.IsPointer) return IdOf(type.GetElementType()!) + "*";
        if (type.IsArray) return IdOf(type.GetElementType()!) + (type.GetArrayRank() == 1 ? "[]" : "[" + string.Join(",", Enumerable.Repeat("0:", type.GetArrayRank())) + "]");
        if (type.IsGenericParameter) return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        if (!type.IsGenericType) return TypeId(type);
        var definition = type.GetGenericTypeDefinition();
        var prefix = definition.DeclaringType is { } outer ? TypeId(outer) + "." : (definition.Namespace is { } ns ? ns + "." : "");
        return prefix + ShortName(definition) + "{" + string.Join(",", type.GetGenericArguments().Select(IdOf)) + "}";
    }
}
