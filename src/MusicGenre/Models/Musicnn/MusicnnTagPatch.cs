namespace MusicGenre.Models.Musicnn;

/// <summary>One 3 s patch of a tagged track: where it is and the tags musicnn heard there (musicnn's "taggram" row).</summary>
/// <param name="Start">Start of the patch in the analysed audio.</param>
/// <param name="End">End of the patch (at most the end of the audio).</param>
/// <param name="Tags">Every tag with its score in this patch, highest first.</param>
public sealed record MusicnnTagPatch(TimeSpan Start, TimeSpan End, IReadOnlyList<MusicnnTagScore> Tags);
