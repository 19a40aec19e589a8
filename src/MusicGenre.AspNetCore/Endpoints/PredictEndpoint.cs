using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using MusicGenre.AspNetCore.Contracts;
using MusicGenre.AspNetCore.Uploads;
using MusicGenre.Audio;

namespace MusicGenre.AspNetCore.Endpoints;

/// <summary>
/// <c>POST {prefix}/predict</c>: admit (or 503), receive the upload into memory (400/408/413), wait for a prediction
/// slot (or 503), decode and classify within the time limit (415/422/503), answer with
/// <see cref="GenrePredictionResponse"/>. A client that goes away cancels its work. Bad input is never a 500.
/// </summary>
internal sealed class PredictEndpoint(GenreModelHost model, PredictionGate gate, ServiceMetrics metrics, ServiceSettings settings, ILogger<PredictEndpoint> logger)
{
    /// <summary>The <c>endpoint</c> label of its metrics.</summary>
    public const string Name = "predict";

    /// <summary>The <c>code</c> of a request whose client went away before the answer (nginx's convention).</summary>
    public const int ClientClosedStatus = 499;

    private readonly GenrePredictionOptions options = settings.Options;

    public async Task HandleAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        int status;
        using (metrics.Begin())
        {
            status = await HandleCoreAsync(context, started).ConfigureAwait(false);
        }
        metrics.Request(Name, status);
        metrics.PredictLatency(Stopwatch.GetElapsedTime(started));
    }

    private async Task<int> HandleCoreAsync(HttpContext context, long started)
    {
        var aborted = context.RequestAborted;
        if (PredictQuery.Parse(context.Request.Query, out var queryProblem) is not { } query)
            return await Fail(context, StatusCodes.Status400BadRequest, ErrorReason.BadRequest, "Bad request", queryProblem!).ConfigureAwait(false);
        if (model.Predictor is null)
            return await Fail(context, StatusCodes.Status503ServiceUnavailable, ErrorReason.NotReady, "Model not loaded", "The genre model is still loading; try again shortly.", retry: true).ConfigureAwait(false);
        if (!gate.TryAdmit())
            return await Fail(context, StatusCodes.Status503ServiceUnavailable, ErrorReason.Busy, "Too many requests",
                $"All {gate.Concurrency} prediction slots and {options.QueueLength} queue places are taken; try again later.", retry: true, close: true).ConfigureAwait(false);
        try
        {
            var upload = await ReceiveAsync(context).ConfigureAwait(false);
            if (upload.Failed is { } failed) return failed;
            bool slot;
            try
            {
                slot = await gate.TryTakeSlotAsync(options.QueueTimeout, aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                upload.File!.Dispose();
                return ClientGone();
            }
            if (!slot)
            {
                upload.File!.Dispose();
                return await Fail(context, StatusCodes.Status503ServiceUnavailable, ErrorReason.Busy, "Too many requests",
                    $"No prediction slot came free within {options.QueueTimeout.TotalSeconds:0.###} s; try again later.", retry: true).ConfigureAwait(false);
            }
            return await PredictAsync(context, upload.File!, query, started).ConfigureAwait(false);
        }
        finally
        {
            gate.Leave();
        }
    }

    /// <summary>Receives the upload within the size and time limits; on failure the answer has been written and <c>Failed</c> is its status.</summary>
    private async Task<(Upload? File, int? Failed)> ReceiveAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        long limit = options.MaxUploadBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
            bodySize.MaxRequestBodySize = UploadReader.BodyLimit(context.Request, limit);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        deadline.CancelAfter(options.UploadTimeout);
        try
        {
            return (await UploadReader.ReadAsync(context.Request, limit, deadline.Token).ConfigureAwait(false), null);
        }
        catch (UploadRejectedException e)
        {
            return (null, await Fail(context, e.Status, e.Reason, e.Title, e.Message, close: e.Status == StatusCodes.Status413PayloadTooLarge).ConfigureAwait(false));
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            return (null, ClientGone());
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return (null, await Fail(context, StatusCodes.Status408RequestTimeout, ErrorReason.SlowUpload, "Upload too slow",
                $"The upload did not arrive within {options.UploadTimeout.TotalSeconds:0.###} s.", close: true).ConfigureAwait(false));
        }
        catch (BadHttpRequestException e)
        {
            // The server's own limits: a body arriving slower than its minimum data rate (408), over its size limit (413), a broken chunked encoding (400).
            var (reason, title) = e.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => (ErrorReason.SlowUpload, "Upload too slow"),
                StatusCodes.Status413PayloadTooLarge => (ErrorReason.TooLarge, "Upload too large"),
                _ => (ErrorReason.BadRequest, "Bad request"),
            };
            return (null, await Fail(context, e.StatusCode, reason, title, e.Message, close: true).ConfigureAwait(false));
        }
    }

    private async Task<int> PredictAsync(HttpContext context, Upload upload, PredictQuery query, long started)
    {
        var aborted = context.RequestAborted;
        if (!model.TryUse(out var predictor))
        {
            upload.Dispose();
            gate.Release();
            return await Fail(context, StatusCodes.Status503ServiceUnavailable, ErrorReason.NotReady, "Model not loaded", "The genre model is not available.", retry: true).ConfigureAwait(false);
        }
        var limit = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        limit.CancelAfter(options.PredictionTimeout);
        var work = Task.Run(() => Predict(predictor!, upload, query.Spectrogram, limit.Token), CancellationToken.None);
        // The slot, the buffer and the model are given back when the work has ended, even if its request has had its answer.
        _ = work.ContinueWith(_ =>
        {
            upload.Dispose();
            limit.Dispose();
            model.EndUse();
            gate.Release();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        (GenrePrediction Prediction, GenreSpectrogramResponse? Spectrogram) result;
        try
        {
            result = await work.WaitAsync(options.PredictionTimeout, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return ClientGone();
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && limit.IsCancellationRequested))
        {
            if (!work.IsCompleted) logger.LogWarning("Prediction of {Name} passed the time limit of {Seconds} s and is being cancelled", upload.Name, options.PredictionTimeout.TotalSeconds);
            return await Fail(context, StatusCodes.Status503ServiceUnavailable, ErrorReason.Timeout, "Prediction timed out",
                $"Decoding and classifying took longer than the limit of {options.PredictionTimeout.TotalSeconds:0.###} s.", retry: true).ConfigureAwait(false);
        }
        catch (AudioFormatException e)
        {
            return await Fail(context, StatusCodes.Status415UnsupportedMediaType, ErrorReason.Undecodable, "Audio cannot be decoded", e.Reason).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            return await Fail(context, StatusCodes.Status422UnprocessableEntity, ErrorReason.Unclassifiable, "Audio cannot be classified", e.Message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Prediction of {Name} failed", upload.Name);
            return await Fail(context, StatusCodes.Status500InternalServerError, ErrorReason.Internal, "Prediction failed", "The service failed to predict; the fault is logged.").ConfigureAwait(false);
        }

        var prediction = result.Prediction;
        var response = new GenrePredictionResponse(
            prediction.Genre,
            prediction.Probability,
            [.. prediction.Scores.Take(query.Top).Select(s => new GenreScoreResponse(s.Genre, s.Probability))],
            query.Timeline ? prediction.Timeline?.Select(w => new GenreWindowResponse(w.Start.TotalSeconds, w.End.TotalSeconds, w.Genre, w.Probability)).ToList() : null,
            prediction.Duration.TotalSeconds,
            new GenreModelSummary(predictor!.Kind, predictor.Genres),
            (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            result.Spectrogram);
        try
        {
            await context.Response.WriteAsJsonAsync(response, ServiceJsonContext.Default.GenrePredictionResponse, contentType: null, aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (aborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            return ClientGone();
        }
        return StatusCodes.Status200OK;
    }

    private static (GenrePrediction, GenreSpectrogramResponse?) Predict(GenrePredictor predictor, Upload upload, bool spectrogram, CancellationToken cancellationToken)
    {
        GenrePrediction prediction;
        using (var audio = upload.Bytes.AsStream())
            prediction = predictor.Predict(audio, upload.Name, cancellationToken);
        if (!spectrogram) return (prediction, null);
        using var again = upload.Bytes.AsStream();
        return (prediction, DisplaySpectrogram.Compute(predictor, again, upload.Name, prediction, cancellationToken));
    }

    private int ClientGone()
    {
        metrics.Error(ErrorReason.ClientClosed);
        return ClientClosedStatus;
    }

    private async Task<int> Fail(HttpContext context, int status, string reason, string title, string detail, bool retry = false, bool close = false)
    {
        metrics.Error(reason);
        try
        {
            await ProblemResponse.WriteAsync(context, status, reason, title, detail, retry ? options.RetryAfter : null, close).ConfigureAwait(false);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // the client has gone; its error is counted
        }
        return status;
    }
}
