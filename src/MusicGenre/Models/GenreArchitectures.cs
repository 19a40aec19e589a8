using System.Collections.Concurrent;
using System.Reflection;

namespace MusicGenre.Models;

/// <summary>
/// The registry of network architectures by name. The built-in ones (<see cref="CnnLstm"/>, <see cref="CnnGru"/>,
/// <see cref="Crnn"/>) are discovered in this assembly; others are added with <see cref="Register"/>.
/// Model files name their architecture; loading looks the name up here and never instantiates a type named by a file.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class GenreArchitectures
{
    /// <summary>Name of the seed's CNN-LSTM (1,605,440 parameters for 64×173 and 10 genres).</summary>
    public const string CnnLstm = "cnn-lstm";

    /// <summary>Name of the seed's CNN-GRU comparison (1,341,760 parameters for 64×173 and 10 genres).</summary>
    public const string CnnGru = "cnn-gru";

    /// <summary>Name of the Choi et al. 2017 style convolutional-recurrent network (about 0.4 M parameters).</summary>
    public const string Crnn = "crnn";

    private static readonly ConcurrentDictionary<string, GenreArchitecture> Registry = Discover();

    /// <summary>The registered names, sorted.</summary>
    public static IReadOnlyList<string> Names => Registry.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();

    /// <summary>Returns the architecture called <paramref name="name"/> (case-insensitive).</summary>
    /// <param name="name">An architecture name such as <c>cnn-lstm</c>.</param>
    /// <exception cref="ArgumentException">No architecture has that name; the message lists the known ones.</exception>
    public static GenreArchitecture Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryGet(name, out var architecture)) return architecture;
        throw new ArgumentException($"Unknown network architecture '{name}'. Known: {string.Join(", ", Names)}.", nameof(name));
    }

    /// <summary>Looks an architecture up by name (case-insensitive).</summary>
    /// <param name="name">An architecture name.</param>
    /// <param name="architecture">The architecture, when found.</param>
    public static bool TryGet(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out GenreArchitecture? architecture)
    {
        architecture = null;
        return name is not null && Registry.TryGetValue(name.Trim().ToLowerInvariant(), out architecture);
    }

    /// <summary>Adds (or replaces) an architecture under its <see cref="GenreArchitecture.Name"/>.</summary>
    /// <param name="architecture">The architecture to register.</param>
    public static void Register(GenreArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (string.IsNullOrWhiteSpace(architecture.Name))
            throw new ArgumentException("An architecture needs a non-empty name.", nameof(architecture));
        Registry[architecture.Name.Trim().ToLowerInvariant()] = architecture;
    }

    private static ConcurrentDictionary<string, GenreArchitecture> Discover()
    {
        var found = new ConcurrentDictionary<string, GenreArchitecture>(StringComparer.Ordinal);
        foreach (var type in typeof(GenreArchitecture).Assembly.GetTypes())
        {
            if (type.IsAbstract || !typeof(GenreArchitecture).IsAssignableFrom(type)) continue;
            if (type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is null) continue;
            var architecture = (GenreArchitecture)Activator.CreateInstance(type)!;
            found[architecture.Name.ToLowerInvariant()] = architecture;
        }
        return found;
    }
}
