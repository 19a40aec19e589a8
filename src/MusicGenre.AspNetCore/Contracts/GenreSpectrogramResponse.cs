namespace MusicGenre.AspNetCore.Contracts;

/// <summary>
/// A log-mel spectrogram of the analysed audio for display (<c>spectrogram=true</c>), 8 bits a cell: byte 0 is
/// <see cref="MinDb"/>, 255 is <see cref="MaxDb"/> (80 dB below it, as librosa's <c>top_db</c>). Long audio is
/// averaged down to at most 2,048 frames. Not the model's input: the bands are for the eye.
/// </summary>
/// <param name="Bands">Mel bands (rows), lowest first.</param>
/// <param name="Frames">Frames (columns).</param>
/// <param name="SecondsPerFrame">Seconds of audio a frame stands for.</param>
/// <param name="SampleRate">The rate the audio was analysed at, in Hz (the top band ends at half of it).</param>
/// <param name="MinDb">The level byte 0 stands for, in dB.</param>
/// <param name="MaxDb">The level byte 255 stands for, in dB.</param>
/// <param name="Values">Base64 of <c>Bands × Frames</c> bytes, band by band (row-major, lowest band first).</param>
public sealed record GenreSpectrogramResponse(int Bands, int Frames, double SecondsPerFrame, int SampleRate, float MinDb, float MaxDb, string Values);
