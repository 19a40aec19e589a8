using System.Net.Http.Json;
using MusicGenre.AspNetCore;
using MusicGenre.AspNetCore.Contracts;

namespace MusicGenre.Tests.Service;

/// <summary>Compares service answers with in-process predictions, exactly (floats round-trip through JSON).</summary>
public static class PredictionAssert
{
    /// <summary>Why <paramref name="actual"/> differs from <paramref name="expected"/>, or null when it does not.</summary>
    public static string? Difference(GenrePrediction expected, GenrePredictionResponse actual, int top, bool timeline)
    {
        if (actual.Genre != expected.Genre || actual.Probability != expected.Probability)
            return $"genre {actual.Genre} {actual.Probability:R}, expected {expected.Genre} {expected.Probability:R}";
        var scores = expected.Scores.Take(top).Select(s => new GenreScoreResponse(s.Genre, s.Probability)).ToList();
        if (!actual.Scores.SequenceEqual(scores))
            return $"scores [{string.Join(", ", actual.Scores)}], expected [{string.Join(", ", scores)}]";
        if (actual.DurationSeconds != expected.Duration.TotalSeconds) return $"duration {actual.DurationSeconds:R} s, expected {expected.Duration.TotalSeconds:R} s";
        if (timeline)
        {
            var windows = expected.Timeline?.Select(w => new GenreWindowResponse(w.Start.TotalSeconds, w.End.TotalSeconds, w.Genre, w.Probability)).ToList();
            if (windows is null ? actual.Timeline is not null : actual.Timeline is null || !actual.Timeline.SequenceEqual(windows))
                return $"timeline of {actual.Timeline?.Count} windows differs from the {windows?.Count} expected";
        }
        else if (actual.Timeline is not null)
        {
            return "a timeline that was not asked for";
        }
        return null;
    }

    public static void Equal(GenrePrediction expected, GenrePredictionResponse actual, int top = 3, bool timeline = false)
    {
        if (Difference(expected, actual, top, timeline) is { } difference) Assert.Fail(difference);
    }

    public static async Task<GenrePredictionResponse> ReadAsync(HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<GenrePredictionResponse>() ?? throw new InvalidDataException("empty JSON");
}
