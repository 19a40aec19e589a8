namespace MusicGenre.MLNet;

// The rows of the MusicGenre steps' in-memory mappings (see InMemoryMapping); fields are renamed to the user's
// columns by schema definitions, so these names never appear in a schema.

/// <summary>LoadAudio's input: the path.</summary>
internal sealed class StepPathRow
{
    public string Path = "";
}

/// <summary>LoadAudio's output: the samples, and why a skipped file was skipped.</summary>
internal sealed class StepSamplesAndErrorRow
{
    public float[] Samples = [];

    public string Error = "";
}

/// <summary>The input of the steps that read samples (MelSpectrogram, SummaryFeatures, MusicnnEmbedding).</summary>
internal sealed class StepSamplesRow
{
    public float[] Samples = [];
}

/// <summary>The output of the steps that write one float vector.</summary>
internal sealed class StepVectorRow
{
    public float[] Values = [];
}
