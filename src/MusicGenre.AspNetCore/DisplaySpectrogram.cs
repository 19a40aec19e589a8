using Microsoft.ML;
using MusicGenre.AspNetCore.Contracts;
using MusicGenre.Audio;
using MusicGenre.Features;
using MusicGenre.MLNet;

namespace MusicGenre.AspNetCore;

/// <summary>
/// The log-mel spectrogram a page shows under the genre timeline (<c>spectrogram=true</c>): the upload decoded again
/// with the model's own rate, offset and duration, 64 mel bands at hop 512, 8 bits a cell, at most
/// <see cref="MaxFrames"/> frames (longer audio is averaged down).
/// </summary>
internal static class DisplaySpectrogram
{
    public const int Bands = 64;
    public const int HopLength = 512;
    public const int MaxFrames = 2048;
    private const float TopDb = 80;

    /// <summary>The spectrogram of the audio <paramref name="prediction"/> analysed; null when it cannot be drawn.</summary>
    public static GenreSpectrogramResponse? Compute(GenrePredictor predictor, Stream audio, string name, GenrePrediction prediction, CancellationToken cancellationToken)
    {
        var options = LoadOptionsOf(predictor.Model) ?? new AudioLoadOptions();
        options.Mono = true;
        options.Duration = Math.Min(options.Duration ?? double.MaxValue, prediction.Duration.TotalSeconds);
        var clip = AudioFile.Load(audio, options, name, cancellationToken);
        if (clip.Samples.Length == 0) return null;
        float[] db;
        try
        {
            var mel = new LogMelSpectrogram(new MelSpectrogramOptions { SampleRate = clip.SampleRate, NMels = Bands, HopLength = HopLength }, new PowerToDbOptions { TopDb = TopDb });
            db = mel.Compute(clip.Samples);
        }
        catch (ArgumentException)
        {
            return null; // a signal the display cannot show (non-finite samples); the prediction stands
        }
        cancellationToken.ThrowIfCancellationRequested();
        int frames = db.Length / Bands;
        int group = (frames + MaxFrames - 1) / MaxFrames;
        int columns = (frames + group - 1) / group;
        float max = db.Max(), min = max - TopDb;
        var cells = new byte[Bands * columns];
        for (int band = 0; band < Bands; band++)
        {
            var row = db.AsSpan(band * frames, frames);
            for (int column = 0; column < columns; column++)
            {
                var part = row.Slice(column * group, Math.Min(group, frames - column * group));
                float sum = 0;
                foreach (var v in part) sum += v;
                cells[band * columns + column] = (byte)Math.Clamp(MathF.Round((sum / part.Length - min) / TopDb * 255), 0, 255);
            }
        }
        return new GenreSpectrogramResponse(Bands, columns, (double)HopLength * group / clip.SampleRate, clip.SampleRate, min, max, Convert.ToBase64String(cells));
    }

    /// <summary>The decoding options of the chain's <c>LoadAudio</c> step, or null when it has none.</summary>
    private static AudioLoadOptions? LoadOptionsOf(ITransformer model) => model switch
    {
        LoadAudioTransformer load => load.Options,
        IEnumerable<ITransformer> chain => chain.Select(LoadOptionsOf).FirstOrDefault(o => o is not null),
        _ => null,
    };
}
