namespace MusicGenre.Datasets;

/// <summary>Track ids: a file name without folder and without its extension (<c>blues/blues.00012.wav</c> → <c>blues.00012</c>).</summary>
public static class TrackId
{
    /// <summary>
    /// The id of a path, file name or id. Only a non-numeric extension is removed, so GTZAN ids such as
    /// <c>jazz.00054</c> are returned unchanged.
    /// </summary>
    /// <param name="pathOrId">A path (either separator), file name or id.</param>
    public static string Of(string pathOrId)
    {
        ArgumentNullException.ThrowIfNull(pathOrId);
        var name = pathOrId.Trim().Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var dot = name.LastIndexOf('.');
        if (dot <= 0 || dot == name.Length - 1) return name;
        var extension = name.AsSpan(dot + 1);
        foreach (var c in extension)
            if (!char.IsAsciiDigit(c)) return name[..dot];
        return name;
    }
}
