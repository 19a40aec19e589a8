using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace MusicGenre.AspNetCore.Uploads;

/// <summary>
/// Receives the audio of a prediction request into memory, never to disk: the raw body, or the field <c>file</c> of a
/// <c>multipart/form-data</c> body (other fields are read past and dropped). Refuses an upload over the limit at once
/// from its <c>Content-Length</c>, else as soon as the count of bytes received passes it, without reading the rest.
/// </summary>
internal static class UploadReader
{
    /// <summary>What a multipart body may carry beyond the file: boundaries, part headers, other small fields.</summary>
    public const long MultipartAllowance = 64 * 1024;

    /// <summary>The form field that holds the audio file.</summary>
    public const string FileField = "file";

    private const string DefaultName = "upload";

    /// <summary>The most bytes a request body may have under <paramref name="limit"/> (for the server's own body-size limit).</summary>
    public static long BodyLimit(HttpRequest request, long limit) => IsMultipart(request) ? limit + MultipartAllowance : limit;

    /// <exception cref="UploadRejectedException">Empty, too large, or a malformed or file-less multipart body.</exception>
    public static async Task<Upload> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        long bodyLimit = BodyLimit(request, limit);
        if (request.ContentLength > bodyLimit) throw UploadRejectedException.TooLarge(limit);
        if (request.ContentLength == 0) throw UploadRejectedException.Empty("The request body is empty: send the audio file as the body, or as the form field 'file'.");
        return IsMultipart(request)
            ? await ReadMultipartAsync(request, limit, cancellationToken).ConfigureAwait(false)
            : await ReadRawAsync(request, limit, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsMultipart(HttpRequest request)
        => request.ContentType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    private static async Task<Upload> ReadRawAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var bytes = new UploadBuffer(request.ContentLength ?? 0, limit);
        try
        {
            if (!await bytes.ReadToEndAsync(request.Body, cancellationToken).ConfigureAwait(false)) throw UploadRejectedException.TooLarge(limit);
            if (bytes.Length == 0) throw UploadRejectedException.Empty("The request body is empty: send the audio file as the body, or as the form field 'file'.");
            return new Upload(bytes, NameFrom(request.Headers["X-File-Name"]));
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    private static async Task<Upload> ReadMultipartAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw UploadRejectedException.Malformed($"Content type '{request.ContentType}' is not multipart/form-data: send the audio as the raw body or as the form field 'file'.");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
            throw UploadRejectedException.Malformed("The multipart/form-data content type has no valid boundary.");

        var body = new CountingStream(request.Body, limit + MultipartAllowance, limit);
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 16, HeadersLengthLimit = 16 * 1024 };
        Upload? file = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken).ConfigureAwait(false) is { } section)
            {
                if (file is null && ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase) && HeaderUtilities.RemoveQuotes(disposition.Name).Value == FileField)
                {
                    var bytes = new UploadBuffer(0, limit);
                    file = new Upload(bytes, NameFrom(disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value));
                    if (!await bytes.ReadToEndAsync(section.Body, cancellationToken).ConfigureAwait(false)) throw UploadRejectedException.TooLarge(limit);
                }
                else
                {
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException && e is not BadHttpRequestException && !cancellationToken.IsCancellationRequested))
        {
            file?.Dispose();
            throw UploadRejectedException.Malformed("The multipart/form-data body is malformed: " + e.Message);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
        if (file is null) throw UploadRejectedException.Empty($"The multipart form has no field named '{FileField}': send the audio file in a field named '{FileField}'.");
        if (file.Bytes.Length == 0)
        {
            file.Dispose();
            throw UploadRejectedException.Empty($"The form field '{FileField}' is empty.");
        }
        return file;
    }

    /// <summary>The client's file name without any folder, printable, at most 200 characters; <c>upload</c> when none.</summary>
    private static string NameFrom(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return DefaultName;
        name = new string([.. Path.GetFileName(name.Replace('\\', '/')).Where(c => !char.IsControl(c))]).Trim();
        if (name.Length > 200) name = name[..200];
        return name.Length == 0 ? DefaultName : name;
    }
}
