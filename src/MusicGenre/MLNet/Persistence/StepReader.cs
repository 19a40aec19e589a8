using System.Text.Json;
using MusicGenre.Torch;

namespace MusicGenre.MLNet.Persistence;

/// <summary>What a codec reads one step from: its stored options and entries, the device, and how to fail.</summary>
internal sealed class StepReader(string source, int index, string kind, JsonElement? options, IReadOnlyDictionary<string, byte[]> entries, ComputeDevice device)
{
    public ComputeDevice Device { get; } = device;

    public string Part => $"step {index} ({kind})";

    public T Options<T>() where T : class
    {
        if (options is not { ValueKind: JsonValueKind.Object } element) throw Fail("its options are missing.");
        try
        {
            return element.Deserialize<T>(ModelManifest.Json) ?? throw Fail("its options are empty.");
        }
        catch (JsonException e)
        {
            throw Fail("its options are not valid: " + e.Message, e);
        }
    }

    /// <summary>The bytes of the step's entry <paramref name="name"/> (already checked against the manifest).</summary>
    public byte[] Entry(string name)
        => entries.TryGetValue(name, out var bytes) ? bytes : throw Fail($"its entry '{name}' is missing.");

    /// <summary>Runs an options class's own validation; its <see cref="ArgumentException"/> becomes this step's format error.</summary>
    public void Validate(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw Fail(e.Message, e);
        }
    }

    public void ThrowIf(BoundsCheck check)
    {
        if (check.Problems.Count > 0) throw Fail(string.Join(" ", check.Problems));
    }

    public GenreModelFormatException Fail(string reason, Exception? inner = null) => new(source, Part, reason, inner);
}
