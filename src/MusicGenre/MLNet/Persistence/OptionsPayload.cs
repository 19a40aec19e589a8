using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace MusicGenre.MLNet.Persistence;

/// <summary>
/// Encodes an options object as a compact text payload (base64 of its JSON) that can travel inside a saved ML.NET
/// model as a constant column (see <see cref="PersistableMapping"/>), and decodes it again with a per-thread cache
/// so the per-row cost is one dictionary lookup.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class OptionsPayload
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>The payload for <paramref name="options"/>: base64 (no quotes or backslashes) of its JSON.</summary>
    /// <typeparam name="T">The options type (public settable properties are serialised).</typeparam>
    /// <param name="options">The options.</param>
    public static string Encode<T>(T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(options, Json));
    }

    /// <summary>Decodes a payload made by <see cref="Encode{T}"/>.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="payload">The payload.</param>
    /// <exception cref="FormatException">The payload is not valid for <typeparamref name="T"/>.</exception>
    public static T Decode<T>(string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            return JsonSerializer.Deserialize<T>(Convert.FromBase64String(payload), Json)
                ?? throw new FormatException($"Empty {typeof(T).Name} payload.");
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new FormatException($"The model holds an invalid {typeof(T).Name} payload: {e.Message}", e);
        }
    }

    /// <summary>
    /// A per-thread object built once per distinct payload (for example a feature extractor with scratch buffers,
    /// which is not thread-safe) and reused for every later row with the same payload on the same thread.
    /// </summary>
    /// <typeparam name="T">The cached object type.</typeparam>
    /// <param name="payload">The payload (the cache key).</param>
    /// <param name="create">Builds the object from the payload.</param>
    public static T PerThread<T>(string payload, Func<string, T> create) where T : class
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(create);
        var cache = ThreadCache<T>.Items ??= new Dictionary<string, T>(StringComparer.Ordinal);
        if (!cache.TryGetValue(payload, out var value))
        {
            if (cache.Count > 64) cache.Clear();
            value = create(payload);
            cache[payload] = value;
        }
        return value;
    }

    private static class ThreadCache<T> where T : class
    {
        [ThreadStatic] public static Dictionary<string, T>? Items;
    }

    /// <summary>A short human-readable rendering of a payload (its JSON), for error messages.</summary>
    /// <param name="payload">The payload.</param>
    public static string Describe(string payload)
    {
        try { return Encoding.UTF8.GetString(Convert.FromBase64String(payload)); }
        catch (FormatException) { return "<invalid payload>"; }
    }
}
