using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Taskcluster.Extensions.DependencyInjection;
using Taskcluster.Local;
using Taskcluster.Models.Queue;

namespace Taskcluster.Client.Extensions.Tests;

/// <summary>AddTaskcluster in a real generic host, against the local stand-in.</summary>
public sealed class HostTests
{
    private LocalTaskcluster _tc = null!;

    [OneTimeSetUp]
    public async Task StartStandIn() => _tc = await LocalTaskcluster.StartAsync();

    [OneTimeTearDown]
    public async Task StopStandIn() => await _tc.DisposeAsync();

    private HostApplicationBuilder Builder(Dictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?>
        {
            ["Taskcluster:RootUrl"] = _tc.RootUrl,
            ["Taskcluster:ClientId"] = _tc.RootClient.ClientId,
            ["Taskcluster:AccessToken"] = _tc.RootClient.AccessToken,
        };
        foreach (var pair in extra ?? new Dictionary<string, string?>()) settings[pair.Key] = pair.Value;
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Test]
    public async Task A_hosted_service_uses_an_injected_queue_configured_from_configuration()
    {
        var builder = Builder();
        var counter = new CountingHandler();
        builder.Services.AddTaskcluster(builder.Configuration.GetSection(TaskclusterOptions.SectionName))
            .HttpClient.AddHttpMessageHandler(() => counter);
        builder.Services.AddSingleton<TaskCreator>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<TaskCreator>());
        using var host = builder.Build();

        await host.StartAsync();
        string state = await host.Services.GetRequiredService<TaskCreator>().Done.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.That(state, Is.EqualTo(nameof(TaskStatusState.Pending)));
        // Both calls went through the HttpClient from IHttpClientFactory, handlers and all.
        Assert.That(counter.Paths, Has.Some.StartsWith("/api/queue/v1/task/").And.Some.EndsWith("/status"));
    }

    [Test]
    public void Every_builtin_client_resolves_from_the_container()
    {
        var builder = Builder();
        builder.Services.AddTaskcluster(options => options.RootUrl = _tc.RootUrl);
        using var host = builder.Build();
        var clientTypes = typeof(ApiClient).Assembly.GetExportedTypes()
            .Where(type => !type.IsAbstract && (type.IsSubclassOf(typeof(ApiClient)) || type.IsSubclassOf(typeof(ExchangeClient))))
            .Where(type => type != typeof(DynamicApiClient) && type != typeof(DynamicExchangeClient))
            .ToList();

        Assert.That(clientTypes, Has.Count.EqualTo(18));
        foreach (var type in clientTypes) Assert.That(host.Services.GetService(type), Is.InstanceOf(type), type.Name);
        Assert.That(host.Services.GetRequiredService<Queue>().BaseUrl, Is.EqualTo(_tc.RootUrl + "/api/queue/v1"));
        Assert.That(host.Services.GetRequiredService<Scheduler>().BaseUrl, Is.EqualTo(Scheduler.DefaultBaseUrl));
    }

    [Test]
    public void Every_builtin_clients_interface_resolves_to_that_client()
    {
        var builder = Builder();
        builder.Services.AddTaskcluster(options => options.RootUrl = _tc.RootUrl);
        using var host = builder.Build();
        var clientTypes = typeof(ApiClient).Assembly.GetExportedTypes()
            .Where(type => !type.IsAbstract && (type.IsSubclassOf(typeof(ApiClient)) || type.IsSubclassOf(typeof(ExchangeClient))))
            .Where(type => type != typeof(DynamicApiClient) && type != typeof(DynamicExchangeClient))
            .ToList();

        foreach (var type in clientTypes)
        {
            var contract = type.Assembly.GetType(type.Namespace + ".I" + type.Name)!;
            Assert.That(host.Services.GetService(contract), Is.InstanceOf(type), contract.Name);
        }
        // API clients stay transient through the interface (IHttpClientFactory rotates handlers); exchange clients
        // are one instance, the same one either way.
        Assert.That(host.Services.GetRequiredService<IQueue>(), Is.Not.SameAs(host.Services.GetRequiredService<IQueue>()));
        Assert.That(host.Services.GetRequiredService<IQueueEvents>(), Is.SameAs(host.Services.GetRequiredService<QueueEvents>()));
        Assert.That(host.Services.GetRequiredService<IQueue>().TaskUrl("abc"), Is.EqualTo(_tc.RootUrl + "/api/queue/v1/task/abc"));
    }

    [Test]
    public void A_fake_IQueue_registered_before_AddTaskcluster_is_kept()
    {
        var builder = Builder();
        var fake = System.Reflection.DispatchProxy.Create<IQueue, NothingProxy>();
        builder.Services.AddSingleton(fake);
        builder.Services.AddTaskcluster(options => options.RootUrl = _tc.RootUrl);
        using var host = builder.Build();

        Assert.That(host.Services.GetRequiredService<IQueue>(), Is.SameAs(fake));
        Assert.That(host.Services.GetRequiredService<Queue>(), Is.InstanceOf<Queue>());
    }

    /// <summary>A stand-in IQueue that is never called; only its identity matters here.</summary>
    public class NothingProxy : System.Reflection.DispatchProxy
    {
        /// <inheritdoc/>
        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => throw new NotSupportedException();
    }

    [Test]
    public async Task A_client_of_your_own_is_built_with_the_same_options()
    {
        var reference = Reference.Parse("""
            { "serviceName": "queue", "apiVersion": "v1", "entries": [
              { "type": "function", "name": "ping", "method": "get", "route": "/ping", "args": [] } ] }
            """);
        var builder = Builder();
        builder.Services.AddTaskcluster(builder.Configuration.GetSection("Taskcluster")).AddClient(options => reference.CreateApiClient(options));
        using var host = builder.Build();

        var client = host.Services.GetRequiredService<DynamicApiClient>();
        await client.CallAsync("ping", Array.Empty<string>());

        Assert.That((client.BaseUrl, client.ClientId), Is.EqualTo((_tc.RootUrl + "/api/queue/v1", _tc.RootClient.ClientId)));
    }

    [Test]
    public void A_client_id_without_an_access_token_is_refused_when_a_client_is_made()
    {
        var builder = Builder(new Dictionary<string, string?> { ["Taskcluster:AccessToken"] = null });
        builder.Services.AddTaskcluster(builder.Configuration.GetSection("Taskcluster"));
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<Queue>());

        Assert.That(error!.Message, Does.Contain("AccessToken"));
    }

    [Test]
    public async Task Retries_are_logged_as_warnings_without_credentials()
    {
        int calls = 0;
        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseUrls("http://127.0.0.1:0");
        var app = web.Build();
        app.Run(context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 1 ? 503 : 200;
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        try
        {
            string root = app.Urls.First();
            var logs = new CapturingLoggerProvider();
            var builder = Builder(new Dictionary<string, string?> { ["Taskcluster:RootUrl"] = root });
            builder.Logging.AddProvider(logs);
            builder.Services.AddTaskcluster(builder.Configuration.GetSection("Taskcluster"));
            builder.Services.Configure<TaskclusterOptions>(o => o.Retry = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1) });
            using var host = builder.Build();

            await host.Services.GetRequiredService<Queue>().PingAsync();

            var warnings = logs.Messages.Where(m => m.Level == LogLevel.Warning).Select(m => m.Text).ToList();
            Assert.That(warnings, Has.One.Contains("/api/queue/v1/ping").And.Contains("attempt 1 failed (503)").And.Contains("retrying"));
            Assert.That(logs.Messages.Select(m => m.Text), Has.None.Contains(_tc.RootClient.AccessToken));
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>A hosted service that creates a task through the injected Queue and reads its status back.</summary>
    private sealed class TaskCreator(Queue queue) : BackgroundService
    {
        public TaskCompletionSource<string> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                string taskId = Slugid.Nice();
                await queue.CreateTaskAsync(taskId, new CreateTaskRequest
                {
                    TaskQueueId = "di/test",
                    Created = DateTimeOffset.UtcNow,
                    Deadline = DateTimeOffset.UtcNow.AddHours(1),
                    Payload = new JsonObject(),
                    Metadata = new TaskMetadata { Name = "di", Description = "from a hosted service", Owner = "di@example.com", Source = "https://example.com" },
                }, stoppingToken);
                TaskStatusResponse status = await queue.StatusAsync(taskId, stoppingToken);
                Done.TrySetResult(status.Status.State.ToString());
            }
            catch (Exception exception)
            {
                Done.TrySetException(exception);
            }
        }
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public ConcurrentQueue<string> Paths { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Paths.Enqueue(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => owner.Messages.Enqueue((logLevel, formatter(state, exception)));
        }
    }
}
