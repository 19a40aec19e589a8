namespace MusicGenre.Datasets;

/// <summary>
/// The embedded "synthetic" dataset: ten artificial classes (not real genres) that differ in tempo, rhythm pattern,
/// timbre, harmony and noise, generated deterministically from a seed in seconds. It lets the whole pipeline be
/// trained and evaluated without downloading anything; results on it say nothing about real music.
/// </summary>
/// <remarks>Thread-safe: every clip has its own random generator derived from the seed, class and index.</remarks>
public static class SyntheticGenres
{
    /// <summary>The dataset's name in reports, folders and file names: <c>synthetic</c>.</summary>
    public const string DatasetName = "synthetic";

    private enum Wave { Sine, Triangle, Square, Saw, Fm }

    private sealed record Style(
        string Name, double Bpm, int StepsPerBar, string Kick, string Snare, string Hat,
        Wave Timbre, int[] Chord, bool Arpeggio, double Noise, double Attack, bool Clave = false, bool Distort = false);

    // Patterns: one character per step ('x' = hit). Each class differs from the others in several properties.
    private static readonly Style[] Styles =
    [
        new("drone",      60, 16, "", "", "", Wave.Sine, [0, 7, 12], false, 0.01, 0.5),
        new("waltz",      90, 12, "x.....x.....", "....x.....x.", "..x...x...x.", Wave.Triangle, [0, 4, 7], true, 0.02, 0.01),
        new("march",     118, 16, "x...x...x...x...", "....x.......x...", "x.x.x.x.x.x.x.x.", Wave.Square, [0, 4, 7], false, 0.02, 0.02),
        new("shuffle",    98, 12, "x.....x.....", "...x.....x..", "x.xx.xx.xx.x", Wave.Saw, [0, 4, 7, 10], false, 0.03, 0.02),
        new("breakbeat", 172, 16, "x.........x.....", "....x..x.x..x...", "xxxxxxxxxxxxxxxx", Wave.Sine, [0, 3, 7], true, 0.04, 0.005),
        new("chiptune",  145, 16, "x...x...x...x...", "", "", Wave.Square, [0, 5, 7, 12], true, 0.0, 0.001),
        new("pad",        72, 16, "", "", "x...............", Wave.Saw, [0, 3, 7, 10, 14], false, 0.08, 0.8),
        new("noise-wall",132, 16, "x.x.x.x.x.x.x.x.", "....x.......x...", "", Wave.Saw, [0, 7, 12], false, 0.35, 0.005, Distort: true),
        new("bells",      80, 16, "", "", "..x...x...x...x.", Wave.Fm, [0, 3, 6, 9], true, 0.01, 0.002),
        new("clave",     108, 16, "x.......x.......", "", "", Wave.Sine, [0, 12], false, 0.02, 0.01, Clave: true),
    ];

    /// <summary>The ten class labels, in key (ordinal) order.</summary>
    public static IReadOnlyList<string> Labels { get; } = Styles.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Generates one clip.</summary>
    /// <param name="label">One of <see cref="Labels"/>.</param>
    /// <param name="index">Clip index within the class (0-based).</param>
    /// <param name="options">Duration, sample rate, seed; null for defaults.</param>
    public static SyntheticClip GenerateClip(string label, int index, SyntheticGenresOptions? options = null)
    {
        options ??= new SyntheticGenresOptions();
        options.Validate();
        var style = Styles.FirstOrDefault(s => s.Name == label)
            ?? throw new ArgumentException($"Unknown synthetic class '{label}'; expected one of {string.Join(", ", Labels)}.", nameof(label));
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var classIndex = Array.IndexOf(Styles, style);
        var rng = new Random(unchecked(options.Seed * 1_000_003 + classIndex * 10_007 + index));
        var samples = Render(style, rng, options.SampleRate, (int)Math.Round(options.DurationSeconds * options.SampleRate));
        return new SyntheticClip($"{DatasetName}-{label}.{index:D5}", label, samples, options.SampleRate);
    }

    /// <summary>Generates every clip in memory (class by class, in <see cref="Labels"/> order).</summary>
    /// <param name="options">Clip count, duration, sample rate, seed; null for defaults.</param>
    /// <param name="cancellationToken">Stops generation between clips.</param>
    public static IEnumerable<SyntheticClip> Generate(SyntheticGenresOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SyntheticGenresOptions();
        options.Validate();
        foreach (var label in Labels)
            for (var i = 0; i < options.ClipsPerGenre; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return GenerateClip(label, i, options);
            }
    }

    /// <summary>
    /// Writes the dataset as 16-bit WAV files, <c>folder/&lt;label&gt;/synthetic-&lt;label&gt;.NNNNN.wav</c> (a
    /// folder-per-genre layout), in parallel, and returns it as a <see cref="GenreDataset"/> named <c>synthetic</c>.
    /// </summary>
    /// <param name="folder">Destination folder (created if needed).</param>
    /// <param name="options">Clip count, duration, sample rate, seed; null for defaults.</param>
    /// <param name="progress">Receives the number of clips written so far.</param>
    /// <param name="cancellationToken">Stops generation.</param>
    public static GenreDataset WriteDataset(string folder, SyntheticGenresOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new SyntheticGenresOptions();
        options.Validate();
        folder = Path.GetFullPath(folder);
        var jobs = Labels.SelectMany(l => Enumerable.Range(0, options.ClipsPerGenre).Select(i => (Label: l, Index: i))).ToArray();
        var tracks = new GenreTrack[jobs.Length];
        var done = 0;
        Parallel.For(0, jobs.Length, new ParallelOptions { CancellationToken = cancellationToken }, j =>
        {
            var clip = GenerateClip(jobs[j].Label, jobs[j].Index, options);
            var path = Path.Combine(folder, clip.Label, clip.Id + ".wav");
            WavFileWriter.Write(path, clip.Samples, clip.SampleRate);
            tracks[j] = new GenreTrack(path, clip.Label);
            progress?.Report(Interlocked.Increment(ref done));
        });
        return new GenreDataset(DatasetName, folder, DatasetLayout.FolderPerGenre, tracks.OrderBy(t => t.Label, StringComparer.Ordinal).ThenBy(t => t.Path, StringComparer.Ordinal).ToArray(), []);
    }

    private static float[] Render(Style s, Random rng, int sr, int n)
    {
        var output = new double[n];
        var bpm = s.Bpm * (0.96 + 0.08 * rng.NextDouble());
        var stepSeconds = 60.0 / bpm / (s.StepsPerBar == 12 ? 3 : 4);
        var stepSamples = Math.Max(1, (int)(stepSeconds * sr));
        var rootMidi = 45 + rng.Next(12);
        var startStep = rng.Next(s.StepsPerBar);
        var gain = 0.5 + 0.3 * rng.NextDouble();
        int[] progression = [0, 5, 7, 3];

        // Harmony: one chord per bar, sustained or arpeggiated one note per step.
        var totalSteps = n / stepSamples + 1;
        for (var step = 0; step < totalSteps; step++)
        {
            var globalStep = step + startStep;
            var bar = globalStep / s.StepsPerBar;
            var chordRoot = rootMidi + progression[bar % progression.Length];
            var start = step * stepSamples;
            if (s.Arpeggio)
            {
                var note = chordRoot + 12 + s.Chord[globalStep % s.Chord.Length];
                AddNote(output, sr, start, stepSamples, note, s.Timbre, 0.35, s.Attack, decay: stepSeconds * 0.8);
            }
            else if (globalStep % s.StepsPerBar == 0 || step == 0)
            {
                var length = (s.StepsPerBar - globalStep % s.StepsPerBar) * stepSamples;
                foreach (var interval in s.Chord)
                    AddNote(output, sr, start, length, chordRoot + interval, s.Timbre, 0.22, s.Attack, decay: double.PositiveInfinity);
            }

            // Rhythm.
            var k = globalStep % s.StepsPerBar;
            if (Hit(s.Kick, k)) AddKick(output, sr, start);
            if (Hit(s.Snare, k)) AddSnare(output, sr, start, rng);
            if (Hit(s.Hat, k)) AddHat(output, sr, start, rng);
            if (s.Clave && (k is 0 or 3 or 6 or 10 or 12)) AddClick(output, sr, start, 2500, 0.05);
        }

        // Noise floor and, for one class, distortion.
        var noise = s.Noise * (0.8 + 0.4 * rng.NextDouble());
        var peak = 1e-9;
        for (var i = 0; i < n; i++)
        {
            var x = output[i] + noise * (2 * rng.NextDouble() - 1);
            if (s.Distort) x = Math.Tanh(3 * x);
            output[i] = x;
            peak = Math.Max(peak, Math.Abs(x));
        }
        var result = new float[n];
        var scale = gain / peak;
        for (var i = 0; i < n; i++) result[i] = (float)(output[i] * scale);
        return result;
    }

    private static bool Hit(string pattern, int step) => pattern.Length > 0 && pattern[step % pattern.Length] == 'x';

    private static void AddNote(double[] y, int sr, int start, int length, int midi, Wave wave, double amp, double attack, double decay)
    {
        var f = 440.0 * Math.Pow(2, (midi - 69) / 12.0);
        var end = Math.Min(y.Length, start + length);
        for (var i = start; i < end; i++)
        {
            var t = (double)(i - start) / sr;
            var env = Math.Min(1, t / attack) * (double.IsInfinity(decay) ? 1 : Math.Exp(-t / decay));
            var phase = f * t - Math.Floor(f * t);
            var v = wave switch
            {
                Wave.Sine => Math.Sin(2 * Math.PI * phase),
                Wave.Triangle => 4 * Math.Abs(phase - 0.5) - 1,
                Wave.Square => phase < 0.5 ? 0.6 : -0.6,
                Wave.Saw => 0.7 * (2 * phase - 1),
                _ => Math.Sin(2 * Math.PI * phase + 2.5 * Math.Exp(-t * 3) * Math.Sin(2 * Math.PI * 3.5 * f * t)),
            };
            y[i] += amp * env * v;
        }
    }

    private static void AddKick(double[] y, int sr, int start)
    {
        var end = Math.Min(y.Length, start + (int)(0.2 * sr));
        var phase = 0.0;
        for (var i = start; i < end; i++)
        {
            var t = (double)(i - start) / sr;
            phase += 2 * Math.PI * (50 + 100 * Math.Exp(-t * 30)) / sr;
            y[i] += 0.9 * Math.Exp(-t * 18) * Math.Sin(phase);
        }
    }

    private static void AddSnare(double[] y, int sr, int start, Random rng)
    {
        var end = Math.Min(y.Length, start + (int)(0.15 * sr));
        for (var i = start; i < end; i++)
        {
            var t = (double)(i - start) / sr;
            y[i] += Math.Exp(-t * 25) * (0.45 * (2 * rng.NextDouble() - 1) + 0.25 * Math.Sin(2 * Math.PI * 190 * t));
        }
    }

    private static void AddHat(double[] y, int sr, int start, Random rng)
    {
        var end = Math.Min(y.Length, start + (int)(0.04 * sr));
        var previous = 0.0;
        for (var i = start; i < end; i++)
        {
            var t = (double)(i - start) / sr;
            var white = 2 * rng.NextDouble() - 1;
            y[i] += 0.25 * Math.Exp(-t * 90) * (white - previous); // first difference: a crude high-pass
            previous = white;
        }
    }

    private static void AddClick(double[] y, int sr, int start, double frequency, double seconds)
    {
        var end = Math.Min(y.Length, start + (int)(seconds * sr));
        for (var i = start; i < end; i++)
        {
            var t = (double)(i - start) / sr;
            y[i] += 0.6 * Math.Exp(-t / seconds * 5) * Math.Sin(2 * Math.PI * frequency * t);
        }
    }
}
