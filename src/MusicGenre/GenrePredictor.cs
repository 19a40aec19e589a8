using System.Collections.Concurrent;
using Microsoft.ML;
using MusicGenre.Audio;
using MusicGenre.Audio.Resampling;
using MusicGenre.MLNet;
using MusicGenre.MLNet.Persistence;
using MusicGenre.Models;

namespace MusicGenre;

/// <summary>
/// The genre predictor for applications: load a model file of any kind (cnn-lstm, cnn-gru, crnn, classical,
/// musicnn-linear, musicnn-finetune; written by the library or by <c>musicgenre train</c>) and predict the genre of
/// files, streams or samples. Decoding follows the model's own <c>LoadAudio</c> options (rate, mono, offset,
/// duration).
/// </summary>
/// <remarks>
/// Thread-safe: any number of threads may call <c>Predict</c> and <c>PredictMany</c> at once (decoding and feature
/// extraction run in parallel; a network runs one forward pass at a time, on all of torch's threads). Dispose it to
/// free the networks of a loaded model.
/// </remarks>
/// <example><code>
/// using var predictor = GenrePredictor.Load("genre.mgmodel");
/// var prediction = predictor.Predict("song.mp3");
/// Console.WriteLine($"{prediction.Genre} ({prediction.Probability:P0})");
/// foreach (var result in predictor.PredictMany(Directory.EnumerateFiles("music")))
///     Console.WriteLine(result.Succeeded ? $"{result.Source}: {result.Genre}" : $"{result.Source}: {result.Error!.Message}");
/// </code></example>
public sealed class GenrePredictor : IDisposable
{
    private readonly PredictorChain chain;
    private readonly ITransformer? owned;
    private readonly GenrePredictorOptions options;
    private int disposed;

    private GenrePredictor(PredictorChain chain, ITransformer model, GenreModelInfo info, GenrePredictorOptions options, bool owns)
    {
        this.chain = chain;
        Model = model;
        Info = info;
        this.options = options;
        owned = owns ? model : null;
    }

    /// <summary>The genres the model knows, in the order of its <c>Score</c> column.</summary>
    public IReadOnlyList<string> Genres => chain.Genres;

    /// <summary>What the model is: kind, genres, versions, how it was trained, its steps.</summary>
    public GenreModelInfo Info { get; }

    /// <summary>The model kind (<see cref="GenreModelKinds"/>).</summary>
    public string Kind => Info.Kind;

    /// <summary>The fitted ML.NET chain the predictor runs (for <c>MulticlassClassification.Evaluate</c> and other ML.NET use).</summary>
    public ITransformer Model { get; }

    /// <summary>Loads a model file written by <c>SaveGenreModel</c> or <c>musicgenre train</c>.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="options">Device and parallelism; null for the defaults.</param>
    /// <exception cref="GenreModelFormatException">The file is not a usable MusicGenre model (names the file and the part).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The model does not start at the audio, or is not a genre classifier.</exception>
    public static GenrePredictor Load(string path, GenrePredictorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = GenreModelCatalog.OpenModelFile(path);
        return Load(stream, path, options);
    }

    /// <summary>Loads a model from a stream (for example a blob or an upload).</summary>
    /// <param name="stream">The model, from its current position (left open).</param>
    /// <param name="name">A name for error messages; default <c>stream</c>.</param>
    /// <param name="options">Device and parallelism; null for the defaults.</param>
    /// <exception cref="GenreModelFormatException">The stream does not hold a usable MusicGenre model.</exception>
    /// <exception cref="ArgumentException">The model does not start at the audio, or is not a genre classifier.</exception>
    public static GenrePredictor Load(Stream stream, string? name = null, GenrePredictorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options = Checked(options);
        var source = name ?? "stream";
        var file = VerifiedModelFile.Open(VerifiedModelFile.ReadAll(stream, source), source);
        var info = GenreModelInfo.From(file);
        var model = GenreModelReader.Load(new MLContext().Model, file, options.Device, out var inputSchema);
        try
        {
            return new GenrePredictor(PredictorChain.For(model, inputSchema), model, info, options, owns: true);
        }
        catch
        {
            Release(model);
            throw;
        }
    }

    /// <summary>A predictor over a fitted chain in memory (no need to save it first). The chain stays the caller's: disposing the predictor does not free its networks.</summary>
    /// <param name="model">A fitted chain that starts with <c>LoadAudio</c> and ends with genre scores.</param>
    /// <param name="inputSchema">The schema of the data it was fitted on.</param>
    /// <param name="options">Parallelism; null for the defaults (the device is the chain's own).</param>
    /// <param name="metadata">What <see cref="Info"/> reports as its metadata; null for none.</param>
    /// <exception cref="ArgumentException">The chain does not start at the audio, or is not a genre classifier.</exception>
    public static GenrePredictor Create(ITransformer model, DataViewSchema inputSchema, GenrePredictorOptions? options = null, GenreModelMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputSchema);
        options = Checked(options);
        return new GenrePredictor(PredictorChain.For(model, inputSchema), model, GenreModelInfo.Describe(model, inputSchema, metadata), options, owns: false);
    }

    /// <summary>Predicts the genre of an audio file (any format the library decodes).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels decoding and prediction.</param>
    /// <exception cref="AudioFormatException">The file cannot be decoded (names it and why).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public GenrePrediction Predict(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ThrowIfDisposed();
        return Run(PrepareFile(path, cancellationToken), cancellationToken);
    }

    /// <summary>Predicts the genre of audio in a stream (decoded from memory where the format allows; see docs/audio.md).</summary>
    /// <param name="audio">The audio, from its current position (left open).</param>
    /// <param name="name">A name for error messages and <see cref="GenrePrediction.Source"/>; null for none.</param>
    /// <param name="cancellationToken">Cancels decoding and prediction.</param>
    /// <exception cref="AudioFormatException">The content cannot be decoded.</exception>
    public GenrePrediction Predict(Stream audio, string? name = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ThrowIfDisposed();
        using var reader = AudioFile.Open(audio, chain.LoadAudio.Options, name, cancellationToken);
        return Run(Prepare(reader, name, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Predicts the genre of mono samples. The model's offset and duration are applied at <paramref name="sampleRate"/>
    /// and the samples are resampled to the model's rate with the library's resampler (as decoding a file would).
    /// </summary>
    /// <param name="samples">Mono samples in [-1, 1].</param>
    /// <param name="sampleRate">Their rate, 1,000–768,000 Hz.</param>
    /// <param name="cancellationToken">Cancels prediction.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is out of range.</exception>
    /// <exception cref="NotSupportedException">The model reads all channels (its LoadAudio is not mono).</exception>
    public GenrePrediction Predict(ReadOnlySpan<float> samples, int sampleRate, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1_000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 768_000);
        ThrowIfDisposed();
        var audio = chain.LoadAudio.Options;
        if (!audio.Mono) throw new NotSupportedException("The model reads every channel of its audio (LoadAudio with Mono = false); give it a file or a stream.");
        long start = Math.Min(samples.Length, (long)Math.Min(audio.Offset * sampleRate, long.MaxValue / 2));
        long count = Math.Min(samples.Length - start, audio.Duration is { } d ? (long)Math.Min(d * sampleRate, long.MaxValue / 2) : long.MaxValue);
        var window = samples.Slice((int)start, (int)count);
        var excerpts = new List<Excerpt>();
        var seconds = (double)window.Length / sampleRate;
        var ranges = options.Analysis.Ranges(seconds);
        foreach (var (from, length) in ranges)
        {
            long first = Math.Min(window.Length, (long)(from * sampleRate));
            long n = Math.Min(window.Length - first, (long)Math.Ceiling(length * sampleRate));
            excerpts.Add(new Excerpt(from, Resampled(window.Slice((int)first, (int)n), sampleRate, audio)));
        }
        return Run(Prepare(excerpts, audio.SampleRate ?? sampleRate, null, cancellationToken, whole: ranges is [(0, var all)] && all >= seconds), cancellationToken);
    }

    private static float[] Resampled(ReadOnlySpan<float> samples, int sampleRate, AudioLoadOptions audio)
    {
        if (audio.SampleRate is not { } target || target == sampleRate) return samples.ToArray();
        var resampler = PolyphaseResampler.For(sampleRate, target);
        if (resampler.OutputLength(samples.Length) > audio.MaxSamples)
            throw new ArgumentException($"{samples.Length} samples at {sampleRate} Hz give more than the model's limit of {audio.MaxSamples} samples at {target} Hz.", nameof(samples));
        return resampler.Process(samples);
    }

    /// <summary>
    /// Predicts many files, several at once (<see cref="GenrePredictorOptions.MaxDegreeOfParallelism"/>), and returns
    /// each result as soon as it is ready: results come in the order they finish, not the order of
    /// <paramref name="paths"/>; each path gives exactly one result (match them by <see cref="GenrePrediction.Source"/>).
    /// A file that cannot be read or predicted is a result carrying its <see cref="GenrePrediction.Error"/>; it does
    /// not end the run. Paths are read lazily, so a long enumeration (a folder walk) overlaps with the predictions.
    /// </summary>
    /// <param name="paths">The files.</param>
    /// <param name="cancellationToken">Stops the run: the enumeration throws <see cref="OperationCanceledException"/> and no more files are started.</param>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public IEnumerable<GenrePrediction> PredictMany(IEnumerable<string> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ThrowIfDisposed();
        return PredictManyCore(paths, cancellationToken);
    }

    /// <summary>Frees the networks of a loaded model and the prediction engines. Calls after it throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        chain.Dispose();
        if (owned is not null) Release(owned);
    }

    private IEnumerable<GenrePrediction> PredictManyCore(IEnumerable<string> paths, CancellationToken cancellationToken)
    {
        int workers = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var results = new BlockingCollection<GenrePrediction>(boundedCapacity: 4 * workers);
        using var source = paths.GetEnumerator();
        var gate = new object();
        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(() =>
        {
            try
            {
                while (true)
                {
                    string? path;
                    lock (gate)
                    {
                        if (stop.IsCancellationRequested || !source.MoveNext()) return;
                        path = source.Current;
                    }
                    results.Add(PredictOrError(path, stop.Token), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // stopped: the consumer has gone or the run was cancelled
            }
        })).ToArray();
        var finished = Task.WhenAll(running).ContinueWith(_ => results.CompleteAdding(), TaskScheduler.Default);
        try
        {
            foreach (var result in results.GetConsumingEnumerable(cancellationToken)) yield return result;
            finished.Wait(CancellationToken.None);
            Task.WaitAll(running); // rethrows a failure of the path enumeration itself
        }
        finally
        {
            stop.Cancel();
            try
            {
                Task.WaitAll(running);
            }
            catch (AggregateException)
            {
                // reported above when the run was not cut short
            }
        }
    }

    private GenrePrediction PredictOrError(string? path, CancellationToken cancellationToken)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("The path is empty.", nameof(path));
            return Predict(path, cancellationToken);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return GenrePrediction.Failed(path, e);
        }
    }

    private PreparedTrack PrepareFile(string path, CancellationToken cancellationToken)
    {
        using var reader = AudioFile.Open(path, chain.LoadAudio.Options, cancellationToken);
        return Prepare(reader, path, cancellationToken);
    }

    /// <summary>Decodes what <see cref="GenrePredictorOptions.Analysis"/> asks for (within the model's offset and duration) and prepares it.</summary>
    private PreparedTrack Prepare(AudioReader reader, string? source, CancellationToken cancellationToken)
    {
        var audio = chain.LoadAudio.Options;
        var seconds = options.Analysis.IsWhole ? 0 : AnalysedSeconds(reader, audio);
        var ranges = options.Analysis.IsWhole ? null : options.Analysis.Ranges(seconds);
        if (ranges is null || ranges is [(0, var all)] && all >= seconds)
        {
            var clip = reader.ReadSeconds(audio.Offset, audio.Duration, cancellationToken); // exactly AudioFile.Load
            return Prepare([new Excerpt(0, clip.Samples)], clip.SampleRate, source, cancellationToken, whole: true);
        }
        var excerpts = new List<Excerpt>(ranges.Count);
        var rate = 0;
        foreach (var (start, length) in ranges)
        {
            var clip = reader.ReadSeconds(audio.Offset + start, length, cancellationToken);
            rate = clip.SampleRate;
            excerpts.Add(new Excerpt(start, clip.Samples));
        }
        return Prepare(excerpts, rate, source, cancellationToken, whole: false);
    }

    /// <summary>Seconds of the track the model's offset and duration leave.</summary>
    private static double AnalysedSeconds(AudioReader reader, AudioLoadOptions audio)
    {
        var rest = Math.Max(0, reader.Duration.TotalSeconds - audio.Offset);
        return audio.Duration is { } d ? Math.Min(rest, d) : rest;
    }

    /// <summary>
    /// Runs the chain on each excerpt: a network model's standardised windows (for <see cref="Finish"/> after the
    /// forward pass), or the other models' scores. One excerpt is the whole analysed audio.
    /// </summary>
    private PreparedTrack Prepare(IReadOnlyList<Excerpt> excerpts, int sampleRate, string? source, CancellationToken cancellationToken, bool whole)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var parts = new List<PreparedExcerpt>(excerpts.Count);
        foreach (var excerpt in excerpts)
        {
            var output = chain.Run(excerpt.Samples);
            cancellationToken.ThrowIfCancellationRequested();
            var start = TimeSpan.FromSeconds(excerpt.Start);
            var end = start + TimeSpan.FromSeconds((double)excerpt.Samples.Length / sampleRate);
            var count = 1;
            if (chain.Network is { } network) output = network.Model.Windows(output, out count);
            parts.Add(new PreparedExcerpt(start, end, output, count));
        }
        var duration = TimeSpan.FromSeconds(excerpts.Sum(e => (double)e.Samples.Length) / sampleRate);
        return new PreparedTrack(source, parts, duration, whole);
    }

    /// <summary>Scores a prepared track on its own: one forward pass over all its windows (network models).</summary>
    private GenrePrediction Run(PreparedTrack track, CancellationToken cancellationToken)
    {
        if (chain.Network is not { } network) return Finish(track, []);
        var windows = track.Parts.Count == 1 ? track.Parts[0].Output : [.. track.Parts.SelectMany(p => p.Output)];
        return Finish(track, network.Model.Forward(windows, track.WindowCount, cancellationToken));
    }

    /// <summary>
    /// The prediction of a prepared track: the mean over all windows of all excerpts (network models, from
    /// <paramref name="probabilities"/>, row-major <c>[windows, genres]</c> in excerpt order) or over the excerpts'
    /// scores (other models).
    /// </summary>
    private GenrePrediction Finish(PreparedTrack track, ReadOnlySpan<float> probabilities)
    {
        var k = chain.Genres.Count;
        var sum = new float[k]; // summed in window order in float, as GenreNetworkModel averages a track
        var count = 0;
        var windows = new List<GenrePredictionWindow>();
        foreach (var part in track.Parts)
        {
            if (chain.Network is { } network)
            {
                var timeline = network.Model.Timeline(probabilities.Slice(count * k, part.Count * k), part.Count);
                foreach (var w in timeline.Windows)
                {
                    windows.Add(Window(part.Start + w.Start, w.Duration, w.Probabilities, part.End));
                    for (var c = 0; c < k; c++) sum[c] += w.Probabilities[c];
                }
                count += part.Count;
            }
            else
            {
                if (!track.Whole) windows.Add(Window(part.Start, part.End - part.Start, part.Output, part.End));
                for (var c = 0; c < k; c++) sum[c] += part.Output[c];
                count++;
            }
        }
        for (var c = 0; c < k; c++) sum[c] /= count;
        return new GenrePrediction(track.Source, Ranked(sum), chain.Network is null && track.Whole ? null : windows, track.Duration);
    }

    /// <summary>One excerpt after the chain: where it lies, and its windows (network models, <paramref name="Count"/> of them) or its scores.</summary>
    private sealed record PreparedExcerpt(TimeSpan Start, TimeSpan End, float[] Output, int Count);

    /// <summary>A decoded and featurised track (the whole of it, or excerpts), waiting for the network (or already scored, for other models).</summary>
    private sealed record PreparedTrack(string? Source, IReadOnlyList<PreparedExcerpt> Parts, TimeSpan Duration, bool Whole)
    {
        public int WindowCount => Parts.Sum(p => p.Count);
    }

    /// <summary>A stretch of the analysed audio: where it starts (seconds) and its samples at the model's rate.</summary>
    private sealed record Excerpt(double Start, float[] Samples);

    private GenrePredictionWindow Window(TimeSpan start, TimeSpan length, float[] probabilities, TimeSpan limit)
    {
        var scores = Ranked(probabilities);
        var end = start + length;
        return new GenrePredictionWindow(start, end < limit ? end : limit, scores[0].Genre, scores[0].Probability, scores);
    }

    /// <summary>Every genre with its probability, highest first (ties keep the model's order).</summary>
    private List<GenreProbability> Ranked(float[] probabilities)
    {
        var genres = chain.Genres;
        if (probabilities.Length != genres.Count)
            throw new InvalidOperationException($"The model gave {probabilities.Length} scores for {genres.Count} genres.");
        return genres.Select((g, i) => new GenreProbability(g, probabilities[i])).OrderByDescending(p => p.Probability).ToList();
    }

    private static GenrePredictorOptions Checked(GenrePredictorOptions? options)
    {
        var copy = options?.Clone() ?? new GenrePredictorOptions();
        copy.Validate();
        return copy;
    }

    private static void Release(ITransformer model)
    {
        foreach (var part in ChainPlan.Flatten(model))
        {
            if (part is GenreNetworkTransformer network) network.Model.Dispose();
            else if (part is MusicnnEmbeddingTransformer musicnn) musicnn.Embedder.Dispose();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
}
