namespace MusicGenre.AspNetCore.Uploads;

/// <summary>An upload refused before any decoding: the status, the reason (<see cref="ErrorReason"/>) and what to tell the client.</summary>
internal sealed class UploadRejectedException(int status, string reason, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Reason { get; } = reason;

    public string Title { get; } = title;

    public static UploadRejectedException TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, ErrorReason.TooLarge,
        "Upload too large", $"The upload is larger than the limit of {limit:N0} bytes ({limit / (double)GenrePredictionOptions.BytesPerMegabyte:0.#} MiB).");

    public static UploadRejectedException Empty(string detail) => new(StatusCodes.Status400BadRequest, ErrorReason.EmptyBody, "No audio", detail);

    public static UploadRejectedException Malformed(string detail) => new(StatusCodes.Status400BadRequest, ErrorReason.BadRequest, "Bad request", detail);
}
