namespace MusicGenre.Models.Musicnn;

/// <summary>
/// The musicnn weights could not be obtained or read: a download failed (offline, HTTP error), a checksum did not
/// match, or the file is not the expected Keras HDF5 checkpoint. The message names the file or URL and the reason.
/// </summary>
public sealed class MusicnnWeightsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="location">The file or URL concerned.</param>
    /// <param name="message">What is wrong, including the location.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public MusicnnWeightsException(string location, string message, Exception? innerException = null)
        : base(message, innerException) => Location = location;

    /// <summary>The file or URL concerned.</summary>
    public string Location { get; }
}
