namespace MusicGenre.Models.Musicnn;

/// <summary>
/// The 50 Million Song Dataset tags of the MSD musicnn network, in the order of its output layer (<c>dense_1</c>).
/// </summary>
/// <remarks>
/// The list is musicnn's own (<c>MSD_LABELS</c> of jordipons/musicnn, ISC licence, Copyright (c) 2019 Music Technology
/// Group, Universitat Pompeu Fabra; see <see cref="MusicnnWeights.License"/>). The tags are Last.fm's most frequent
/// tags of the Million Song Dataset, spelled as there (for example <c>Mellow</c>, <c>Hip-Hop</c>, <c>House</c>).
/// </remarks>
public static class MusicnnTagNames
{
    /// <summary>Number of tags: 50.</summary>
    public const int Count = 50;

    /// <summary>The tags, in the order of the network's outputs.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "rock",
        "pop",
        "alternative",
        "indie",
        "electronic",
        "female vocalists",
        "dance",
        "00s",
        "alternative rock",
        "jazz",
        "beautiful",
        "metal",
        "chillout",
        "male vocalists",
        "classic rock",
        "soul",
        "indie rock",
        "Mellow",
        "electronica",
        "80s",
        "folk",
        "90s",
        "chill",
        "instrumental",
        "punk",
        "oldies",
        "blues",
        "hard rock",
        "ambient",
        "acoustic",
        "experimental",
        "female vocalist",
        "guitar",
        "Hip-Hop",
        "70s",
        "party",
        "country",
        "easy listening",
        "sexy",
        "catchy",
        "funk",
        "electro",
        "heavy metal",
        "Progressive rock",
        "60s",
        "rnb",
        "indie pop",
        "sad",
        "House",
        "happy",
    ];
}
