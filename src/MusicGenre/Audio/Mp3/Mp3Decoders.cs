namespace MusicGenre.Audio.Mp3;

/// <summary>
/// Chooses the MP3 decoder: the system's libmpg123 (<c>apt-get install libmpg123-0</c>, <c>brew install mpg123</c>)
/// where it loads, the managed NLayer decoder elsewhere. Both trim the encoder delay and padding like mpg123 and give
/// the same samples (≥ 100 dB signal-to-error, tested); the native one is faster. Set <see cref="Preferred"/> or the
/// <c>MUSICGENRE_MP3_DECODER</c> environment variable (<c>native</c>, <c>managed</c>, <c>auto</c>) to choose.
/// Thread-safe.
/// </summary>
public static class Mp3Decoders
{
    /// <summary>The environment variable that sets the initial <see cref="Preferred"/> value.</summary>
    public const string EnvironmentVariable = "MUSICGENRE_MP3_DECODER";

    [ThreadStatic]
    private static Mp3Backend? _threadOverride;

    private static volatile int _preferred = (int)FromEnvironment();

    /// <summary>The decoder asked for, process-wide; default <see cref="Mp3Backend.Auto"/> (or the environment variable).</summary>
    public static Mp3Backend Preferred
    {
        get => (Mp3Backend)_preferred;
        set => _preferred = Enum.IsDefined(value) ? (int)value : throw new ArgumentOutOfRangeException(nameof(value), value, "not an Mp3Backend");
    }

    /// <summary>Whether the system's libmpg123 was found and bound.</summary>
    public static bool IsNativeAvailable => Mpg123Library.Instance is not null;

    /// <summary>The decoder that runs now: <see cref="Mp3Backend.Native"/> or <see cref="Mp3Backend.Managed"/>.</summary>
    public static Mp3Backend Active => Resolve(_threadOverride ?? Preferred);

    /// <summary>What runs, in words, for logs: for example "native libmpg123 (libmpg123.so.0.47.0)" or "managed NLayer".</summary>
    public static string ActiveDescription => Active == Mp3Backend.Native
        ? $"native libmpg123 ({Mpg123Library.Instance!.Version})"
        : "managed NLayer" + (IsNativeAvailable ? "" : " (libmpg123 not found)");

    /// <summary>Overrides <see cref="Preferred"/> on the calling thread only (tests and the fuzz harness compare both decoders).</summary>
    internal static Mp3Backend? ThreadOverride
    {
        get => _threadOverride;
        set => _threadOverride = value;
    }

    private static Mp3Backend Resolve(Mp3Backend wanted) => wanted == Mp3Backend.Managed || !IsNativeAvailable ? Mp3Backend.Managed : Mp3Backend.Native;

    private static Mp3Backend FromEnvironment() => Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant() switch
    {
        "managed" or "nlayer" => Mp3Backend.Managed,
        "native" or "mpg123" or "libmpg123" => Mp3Backend.Native,
        _ => Mp3Backend.Auto,
    };
}
