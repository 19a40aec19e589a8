namespace MusicGenre.Models;

/// <summary>The input and output sizes a genre network is built for.</summary>
/// <param name="NMels">Mel bands of the input log-mel window (height).</param>
/// <param name="WindowFrames">Frames of one input window (width); 173 frames = 4 s at 22,050 Hz, hop 512.</param>
/// <param name="Classes">Number of genres (output logits).</param>
public readonly record struct GenreNetworkShape(int NMels, int WindowFrames, int Classes);
