using System.Runtime.InteropServices;

namespace MusicGenre.Audio.Mp3;

/// <summary>
/// The system's libmpg123 (Debian/Ubuntu <c>libmpg123-0</c>, Homebrew <c>mpg123</c>), bound at run time through
/// <see cref="NativeLibrary"/>: absent or incomplete, <see cref="Instance"/> is null and the managed decoder runs.
/// Only the 64-bit <c>off_t</c> ABI of 64-bit Linux and macOS is bound. Thread-safe (a handle per decode).
/// </summary>
internal sealed unsafe class Mpg123Library
{
    public const int Ok = 0;
    public const int Done = -12;
    public const int NewFormat = -11;
    public const int NeedMore = -10;
    public const int EncodingFloat32 = 0x200;
    public const int ParameterAddFlags = 2;
    public const int ParameterRemoveFlags = 13;
    public const long FlagQuiet = 0x20;
    public const long FlagGapless = 0x40;
    public const long FlagForceFloat = 0x400;
    public const long FlagAutoResample = 0x8000;
    public const long FlagNoFrankenstein = 0x1000000;

    private static readonly Lazy<Mpg123Library?> Loaded = new(TryLoad);

    private Mpg123Library(nint library, string name)
    {
        nint Get(string symbol) => NativeLibrary.GetExport(library, symbol);
        Init = (delegate* unmanaged<int>)Get("mpg123_init");
        New = (delegate* unmanaged<byte*, int*, nint>)Get("mpg123_new");
        Delete = (delegate* unmanaged<nint, void>)Get("mpg123_delete");
        Param = (delegate* unmanaged<nint, int, nint, double, int>)Get("mpg123_param");
        ReplaceReaderHandle = (delegate* unmanaged<nint, delegate* unmanaged<nint, byte*, nuint, nint>, delegate* unmanaged<nint, long, int, long>, delegate* unmanaged<nint, void>, int>)Get("mpg123_replace_reader_handle");
        OpenHandle = (delegate* unmanaged<nint, nint, int>)Get("mpg123_open_handle");
        Close = (delegate* unmanaged<nint, int>)Get("mpg123_close");
        GetFormat = (delegate* unmanaged<nint, nint*, int*, int*, int>)Get("mpg123_getformat");
        FormatNone = (delegate* unmanaged<nint, int>)Get("mpg123_format_none");
        Format = (delegate* unmanaged<nint, nint, int, int, int>)Get("mpg123_format");
        Read = (delegate* unmanaged<nint, byte*, nuint, nuint*, int>)Get("mpg123_read");
        Seek = (delegate* unmanaged<nint, long, int, long>)Get("mpg123_seek");
        Length = (delegate* unmanaged<nint, long>)Get("mpg123_length");
        Scan = (delegate* unmanaged<nint, int>)Get("mpg123_scan");
        PlainStrError = (delegate* unmanaged<int, byte*>)Get("mpg123_plain_strerror");
        LibraryName = name;
        Version = VersionOf(library, name);
        if (Init() != Ok) throw new InvalidOperationException("mpg123_init failed");
    }

    /// <summary>The loaded library, or null when the system has none (or an ABI this binding does not cover).</summary>
    public static Mpg123Library? Instance => Loaded.Value;

    /// <summary>mpg123's version ("1.32.3", from 1.32 on), else the loaded file's name ("libmpg123.so.0.47.0").</summary>
    public string Version { get; }

    /// <summary>The file name the library was loaded by.</summary>
    public string LibraryName { get; }

    public delegate* unmanaged<int> Init { get; }
    public delegate* unmanaged<byte*, int*, nint> New { get; }
    public delegate* unmanaged<nint, void> Delete { get; }
    public delegate* unmanaged<nint, int, nint, double, int> Param { get; }
    public delegate* unmanaged<nint, delegate* unmanaged<nint, byte*, nuint, nint>, delegate* unmanaged<nint, long, int, long>, delegate* unmanaged<nint, void>, int> ReplaceReaderHandle { get; }
    public delegate* unmanaged<nint, nint, int> OpenHandle { get; }
    public delegate* unmanaged<nint, int> Close { get; }
    public delegate* unmanaged<nint, nint*, int*, int*, int> GetFormat { get; }
    public delegate* unmanaged<nint, int> FormatNone { get; }
    public delegate* unmanaged<nint, nint, int, int, int> Format { get; }
    public delegate* unmanaged<nint, byte*, nuint, nuint*, int> Read { get; }
    public delegate* unmanaged<nint, long, int, long> Seek { get; }
    public delegate* unmanaged<nint, long> Length { get; }
    public delegate* unmanaged<nint, int> Scan { get; }
    public delegate* unmanaged<int, byte*> PlainStrError { get; }

    /// <summary>mpg123's message for an error code.</summary>
    public string Message(int error) => Marshal.PtrToStringAnsi((nint)PlainStrError(error)) ?? $"error {error}";

    private static string VersionOf(nint library, string name)
    {
        if (NativeLibrary.TryGetExport(library, "mpg123_distversion", out var address))
        {
            uint major, minor, patch;
            var text = ((delegate* unmanaged<uint*, uint*, uint*, byte*>)address)(&major, &minor, &patch);
            return Marshal.PtrToStringAnsi((nint)text) ?? $"{major}.{minor}.{patch}";
        }
        try
        {
            // The file the loader resolved the soname to carries the library's interface version.
            var mapped = File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
                .FirstOrDefault(f => f is not null && Path.GetFileName(f).StartsWith("libmpg123", StringComparison.Ordinal));
            return mapped is null ? name : Path.GetFileName(mapped);
        }
        catch (IOException)
        {
            return name;
        }
    }

    private static Mpg123Library? TryLoad()
    {
        // Only where off_t is 64 bits and long is pointer-sized (the plain symbols are the 64-bit ones).
        if (!Environment.Is64BitProcess || OperatingSystem.IsWindows()) return null;
        string[] names = OperatingSystem.IsMacOS() ? ["libmpg123.0.dylib", "libmpg123.dylib"] : ["libmpg123.so.0", "libmpg123.so"];
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out var library)) continue;
            try
            {
                return new Mpg123Library(library, name);
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or InvalidOperationException)
            {
                NativeLibrary.Free(library);
            }
        }
        return null;
    }
}
