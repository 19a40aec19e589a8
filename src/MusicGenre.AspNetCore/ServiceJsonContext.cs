using System.Text.Json;
using System.Text.Json.Serialization;
using MusicGenre.AspNetCore.Contracts;

namespace MusicGenre.AspNetCore;

/// <summary>The service's JSON contracts, serialised by source generation: camelCase, absent members left out.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenrePredictionResponse))]
[JsonSerializable(typeof(GenreModelResponse))]
[JsonSerializable(typeof(HealthResponse))]
internal sealed partial class ServiceJsonContext : JsonSerializerContext;
