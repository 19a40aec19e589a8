using System.Globalization;

namespace MusicGenre.AspNetCore.Endpoints;

/// <summary>Writes an <c>application/problem+json</c> answer (RFC 9457) carrying a machine-readable <c>reason</c>.</summary>
internal static class ProblemResponse
{
    /// <param name="context">The request.</param>
    /// <param name="status">The status code.</param>
    /// <param name="reason">The <see cref="ErrorReason"/>.</param>
    /// <param name="title">A short summary of the problem type.</param>
    /// <param name="detail">What is wrong with this request.</param>
    /// <param name="retryAfter">Sets <c>Retry-After</c> (whole seconds, at least 1) when given.</param>
    /// <param name="closeConnection">Sets <c>Connection: close</c>, so the server reads nothing more of an unread body.</param>
    public static Task WriteAsync(HttpContext context, int status, string reason, string title, string detail, TimeSpan? retryAfter = null, bool closeConnection = false)
    {
        if (context.Response.HasStarted) return Task.CompletedTask;
        context.Response.Clear();
        if (retryAfter is { } wait)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (closeConnection) context.Response.Headers.Connection = "close";
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: new Dictionary<string, object?> { ["reason"] = reason })
            .ExecuteAsync(context);
    }
}
