using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace MusicGenre.Tests.Design;

/// <summary>
/// Which namespaces each namespace of a compiled assembly uses, read from its metadata without loading it: base types,
/// interfaces, generic constraints, field/method/property/event signatures, locals, custom attributes and every token
/// in the method bodies (calls, field accesses, type tokens). A nested type counts as its outermost type's namespace.
/// Constants are inlined by the compiler and leave no reference; <see cref="SourceUsings"/> covers those.
/// </summary>
public static class NamespaceDependencies
{
    /// <summary>One use: <paramref name="From"/>'s type <paramref name="FromType"/> names <paramref name="ToType"/> in <paramref name="To"/>.</summary>
    public sealed record Use(string From, string FromType, string To, string ToType);

    /// <summary>Every use between two different namespaces of the assembly at <paramref name="assemblyPath"/> whose target namespace <paramref name="include"/> accepts.</summary>
    public static IReadOnlyList<Use> Read(string assemblyPath, Func<string, bool> include)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var walker = new Walker(reader, pe, include);
        foreach (var handle in reader.TypeDefinitions) walker.Visit(handle);
        return walker.Uses;
    }

    private sealed class Walker(MetadataReader reader, PEReader pe, Func<string, bool> include)
    {
        private readonly HashSet<Use> seen = [];
        private readonly NamespaceProvider provider = new(reader);
        private string from = "", fromType = "";

        public List<Use> Uses { get; } = [];

        public void Visit(TypeDefinitionHandle handle)
        {
            (from, fromType) = provider.Outermost(handle);
            if (from.Length == 0 || !include(from)) return;
            var type = reader.GetTypeDefinition(handle);
            Add(type.BaseType);
            foreach (var i in type.GetInterfaceImplementations()) Add(reader.GetInterfaceImplementation(i).Interface);
            Attributes(type.GetCustomAttributes());
            Constraints(type.GetGenericParameters());
            foreach (var f in type.GetFields())
            {
                var field = reader.GetFieldDefinition(f);
                Add(field.DecodeSignature(provider, null));
                Attributes(field.GetCustomAttributes());
            }
            foreach (var p in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(p);
                Add(property.DecodeSignature(provider, null));
                Attributes(property.GetCustomAttributes());
            }
            foreach (var e in type.GetEvents()) Add(reader.GetEventDefinition(e).Type);
            foreach (var m in type.GetMethods()) Method(reader.GetMethodDefinition(m));
        }

        private void Method(MethodDefinition method)
        {
            Add(method.DecodeSignature(provider, null));
            Attributes(method.GetCustomAttributes());
            Constraints(method.GetGenericParameters());
            foreach (var p in method.GetParameters()) Attributes(reader.GetParameter(p).GetCustomAttributes());
            if (method.RelativeVirtualAddress == 0) return;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null)) Add(local);
            foreach (var region in body.ExceptionRegions)
                if (!region.CatchType.IsNil) Add(region.CatchType);
            foreach (var token in IlTokens(body.GetILBytes() ?? [])) Token(token);
        }

        private void Token(int token)
        {
            var handle = MetadataTokens.EntityHandle(token);
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                case HandleKind.TypeReference:
                case HandleKind.TypeSpecification:
                    Add(handle);
                    break;
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    Add(field.GetDeclaringType());
                    Add(field.DecodeSignature(provider, null));
                    break;
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    Add(method.GetDeclaringType());
                    Add(method.DecodeSignature(provider, null));
                    break;
                case HandleKind.MemberReference:
                    MemberReference((MemberReferenceHandle)handle);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Token(MetadataTokens.GetToken(spec.Method));
                    foreach (var argument in spec.DecodeSignature(provider, null)) Add(argument);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method) Add(signature.DecodeMethodSignature(provider, null));
                    break;
            }
        }

        private void MemberReference(MemberReferenceHandle handle)
        {
            var member = reader.GetMemberReference(handle);
            if (member.Parent.Kind is HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification) Add(member.Parent);
            else if (member.Parent.Kind == HandleKind.MethodDefinition) Add(reader.GetMethodDefinition((MethodDefinitionHandle)member.Parent).GetDeclaringType());
            if (member.GetKind() == MemberReferenceKind.Method) Add(member.DecodeMethodSignature(provider, null));
            else Add(member.DecodeFieldSignature(provider, null));
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                var constructor = reader.GetCustomAttribute(a).Constructor;
                if (constructor.Kind == HandleKind.MethodDefinition) Add(reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType());
                else MemberReference((MemberReferenceHandle)constructor);
            }
        }

        private void Constraints(GenericParameterHandleCollection parameters)
        {
            foreach (var p in parameters)
                foreach (var c in reader.GetGenericParameter(p).GetConstraints()) Add(reader.GetGenericParameterConstraint(c).Type);
        }

        private void Add(EntityHandle handle)
        {
            if (!handle.IsNil) Add(provider.Of(handle));
        }

        private void Add(MethodSignature<Names> signature)
        {
            Add(signature.ReturnType);
            foreach (var p in signature.ParameterTypes) Add(p);
        }

        private void Add(Names names)
        {
            foreach (var (ns, type) in names.Items)
                if (ns != from && include(ns) && seen.Add(new Use(from, fromType, ns, type))) Uses.Add(new Use(from, fromType, ns, type));
        }
    }

    /// <summary>The metadata tokens in an IL stream (operands of calls, field accesses, type and signature tokens).</summary>
    private static IEnumerable<int> IlTokens(byte[] il)
    {
        for (int i = 0; i < il.Length;)
        {
            OpCode code;
            if (il[i] == 0xFE) { code = TwoByte[il[i + 1]]; i += 2; }
            else { code = OneByte[il[i]]; i += 1; }
            switch (code.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineType:
                case OperandType.InlineTok:
                case OperandType.InlineSig:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                default:
                    i += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    private static readonly OpCode[] OneByte = new OpCode[256], TwoByte = new OpCode[256];

    static NamespaceDependencies()
    {
        foreach (var field in typeof(OpCodes).GetFields())
        {
            if (field.GetValue(null) is not OpCode code) continue;
            var value = (ushort)code.Value;
            if (code.Size == 1) OneByte[value] = code;
            else TwoByte[value & 0xFF] = code;
        }
    }

    /// <summary>The (namespace, type name) pairs a signature names; empty for primitives and generic parameters.</summary>
    private readonly record struct Names(ImmutableArray<(string Namespace, string Type)> Items)
    {
        public static readonly Names None = new([]);
        public Names Concat(Names other) => new(Items.AddRange(other.Items));
    }

    private sealed class NamespaceProvider(MetadataReader reader) : ISignatureTypeProvider<Names, object?>
    {
        public (string Namespace, string Type) Outermost(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            while (type.IsNested) type = reader.GetTypeDefinition(type.GetDeclaringType());
            return (reader.GetString(type.Namespace), reader.GetString(type.Name));
        }

        public Names Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0),
            _ => Names.None,
        };

        public Names GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) => new([Outermost(handle)]);

        public Names GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference) type = reader.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            return new([(reader.GetString(type.Namespace), reader.GetString(type.Name))]);
        }

        public Names GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind)
            => reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public Names GetGenericInstantiation(Names genericType, ImmutableArray<Names> typeArguments)
            => typeArguments.Aggregate(genericType, (all, argument) => all.Concat(argument));

        public Names GetArrayType(Names elementType, ArrayShape shape) => elementType;
        public Names GetSZArrayType(Names elementType) => elementType;
        public Names GetByReferenceType(Names elementType) => elementType;
        public Names GetPointerType(Names elementType) => elementType;
        public Names GetPinnedType(Names elementType) => elementType;
        public Names GetModifiedType(Names modifier, Names unmodifiedType, bool isRequired) => unmodifiedType;
        public Names GetFunctionPointerType(MethodSignature<Names> signature)
            => signature.ParameterTypes.Aggregate(signature.ReturnType, (all, p) => all.Concat(p));
        public Names GetGenericMethodParameter(object? context, int index) => Names.None;
        public Names GetGenericTypeParameter(object? context, int index) => Names.None;
        public Names GetPrimitiveType(PrimitiveTypeCode typeCode) => Names.None;
    }
}
