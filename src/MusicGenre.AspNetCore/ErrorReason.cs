namespace MusicGenre.AspNetCore;

/// <summary>
/// Why a prediction request did not succeed: the <c>reason</c> label of <c>musicgenre_http_request_errors_total</c>
/// and the <c>reason</c> member of the problem+json body.
/// </summary>
internal static class ErrorReason
{
    /// <summary>400: the body is empty, or the multipart form has no file.</summary>
    public const string EmptyBody = "empty_body";

    /// <summary>400: a malformed query (<c>top</c>, <c>timeline</c>, <c>spectrogram</c>) or multipart body.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>413: the upload is larger than the limit.</summary>
    public const string TooLarge = "too_large";

    /// <summary>415: the audio cannot be decoded (the decoder's reason is in the body).</summary>
    public const string Undecodable = "undecodable";

    /// <summary>422: the audio decoded but cannot be classified (for example shorter than one analysis window).</summary>
    public const string Unclassifiable = "unclassifiable";

    /// <summary>408: the upload arrived too slowly.</summary>
    public const string SlowUpload = "slow_upload";

    /// <summary>503: every prediction slot and queue place is taken, or a slot did not free up in time.</summary>
    public const string Busy = "busy";

    /// <summary>503: decoding and classifying took longer than the time limit.</summary>
    public const string Timeout = "timeout";

    /// <summary>503: the model is still loading.</summary>
    public const string NotReady = "not_ready";

    /// <summary>The client went away before the answer (nothing is sent).</summary>
    public const string ClientClosed = "client_closed";

    /// <summary>500: a fault of the service itself (logged).</summary>
    public const string Internal = "internal";

    /// <summary>Every reason, in the order above.</summary>
    public static readonly string[] All = [EmptyBody, BadRequest, TooLarge, Undecodable, Unclassifiable, SlowUpload, Busy, Timeout, NotReady, ClientClosed, Internal];
}
