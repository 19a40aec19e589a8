using Orleans;

namespace MusicGenre.Orleans.Silo;

/// <summary>
/// A silo could not classify a track for a reason that is not the track's own (it is shutting down, ran out of
/// memory, its storage failed...). The batch client tries the track on another silo.
/// </summary>
[GenerateSerializer]
public sealed class GenreSiloFaultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GenreSiloFaultException() { }

    /// <summary>Creates the exception with its message.</summary>
    /// <param name="message">Which silo, which track, what failed.</param>
    public GenreSiloFaultException(string message) : base(message) { }

    /// <summary>Creates the exception with its message and cause.</summary>
    /// <param name="message">Which silo, which track, what failed.</param>
    /// <param name="inner">The cause (not sent to the client; its type and message are in <paramref name="message"/>).</param>
    public GenreSiloFaultException(string message, Exception inner) : base(message, inner) { }
}
