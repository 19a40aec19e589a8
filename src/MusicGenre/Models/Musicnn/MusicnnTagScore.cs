namespace MusicGenre.Models.Musicnn;

/// <summary>One MSD tag and musicnn's score for it.</summary>
/// <param name="Tag">The tag (one of <see cref="MusicnnTagNames.All"/>).</param>
/// <param name="Score">Its sigmoid score in (0, 1); each tag is scored on its own, so the scores do not sum to 1.</param>
public readonly record struct MusicnnTagScore(string Tag, float Score);
