namespace MusicGenre.Orleans.Batch;

/// <summary>A batch run cannot go on (no silo serves the model, the output belongs to another model or is not a result file...). The message says what and what to do.</summary>
public sealed class GenreBatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GenreBatchException() { }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    public GenreBatchException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="inner">The cause.</param>
    public GenreBatchException(string message, Exception inner) : base(message, inner) { }
}
