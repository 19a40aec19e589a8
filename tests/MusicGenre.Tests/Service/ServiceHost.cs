using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MusicGenre.AspNetCore;

namespace MusicGenre.Tests.Service;

/// <summary>
/// An application serving a model with <c>AddGenrePrediction</c> + <c>MapGenrePrediction</c>, in memory (TestHost)
/// or on a real Kestrel at 127.0.0.1 on a free port; it keeps every warning and error its log received.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(WebApplication app, HttpClient client, ConcurrentQueue<string> problems)
    {
        App = app;
        Client = client;
        LoggedProblems = problems;
    }

    public WebApplication App { get; }

    /// <summary>A client for the server (its base address set).</summary>
    public HttpClient Client { get; }

    /// <summary>Warnings and errors the application logged.</summary>
    public ConcurrentQueue<string> LoggedProblems { get; }

    public Uri BaseAddress => Client.BaseAddress!;

    public static Task<ServiceHost> InMemoryAsync(string model, GenrePredictionOptions? options = null) => StartAsync(model, options, kestrel: false);

    public static Task<ServiceHost> KestrelAsync(string model, GenrePredictionOptions? options = null) => StartAsync(model, options, kestrel: true);

    private static async Task<ServiceHost> StartAsync(string model, GenrePredictionOptions? options, bool kestrel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var problems = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().AddProvider(new QueueLoggerProvider(problems)).SetMinimumLevel(LogLevel.Warning);
        if (kestrel) builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        else builder.WebHost.UseTestServer();
        builder.Services.AddGenrePrediction(model, options);
        var app = builder.Build();
        app.MapGenrePrediction();
        await app.StartAsync();
        HttpClient client;
        if (kestrel)
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
        }
        else
        {
            client = app.GetTestClient();
        }
        return new ServiceHost(app, client, problems);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> problems) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(categoryName, problems);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(string category, ConcurrentQueue<string> problems) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) problems.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
        }
    }
}
