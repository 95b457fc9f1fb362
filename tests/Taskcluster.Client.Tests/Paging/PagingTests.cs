using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Paging;

/// <summary>
/// Query strings and paging on a reference of today's format, against a loopback server that pages like the Queue:
/// a <c>continuationToken</c> in each page but the last.
/// </summary>
[TestFixture]
public sealed class PagingTests
{
    private const string ReferenceJson = """
        {
          "$schema": "/schemas/common/api-reference-v0.json#",
          "serviceName": "queue", "apiVersion": "v1", "title": "Queue", "description": "",
          "entries": [
            { "type": "function", "name": "listTaskGroup", "method": "get", "route": "/task-group/<taskGroupId>/list",
              "args": ["taskGroupId"], "query": ["continuationToken", "limit"], "output": "v1/list-task-group-response.json#",
              "scopes": "queue:list-task-group:<taskGroupId>", "stability": "stable", "category": "Tasks", "title": "", "description": "" },
            { "type": "function", "name": "tasks", "method": "post", "route": "/tasks",
              "args": [], "query": ["continuationToken", "limit"], "input": "v1/tasks-request.json#", "output": "v1/tasks-response.json#",
              "stability": "stable", "category": "Tasks", "title": "", "description": "" },
            { "type": "function", "name": "task", "method": "get", "route": "/task/<taskId>", "args": ["taskId"], "query": [],
              "output": "v1/task.json#", "stability": "stable", "category": "Tasks", "title": "", "description": "" }
          ]
        }
        """;

    private static readonly Reference s_reference = Reference.Parse(ReferenceJson);

    /// <summary>Three pages: tokens "t 1" (with a space, to check encoding) then "t2", then none.</summary>
    private static Task<LoopbackServer> StartPagingServerAsync(Func<string?, Task>? beforeAnswer = null)
        => LoopbackServer.StartAsync(async (context, request) =>
        {
            string? token = context.Request.Query["continuationToken"];
            if (beforeAnswer is not null) await beforeAnswer(token);
            string page = token switch
            {
                null => """{"items": [1, 2], "continuationToken": "t 1"}""",
                "t 1" => """{"items": [3, 4], "continuationToken": "t2"}""",
                "t2" => """{"items": [5]}""",
                _ => """{"items": []}""",
            };
            await LoopbackServer.WriteAsync(context.Response, 200, "application/json", page);
        });

    private static DynamicApiClient Client(LoopbackServer server) => s_reference.CreateApiClient(new ClientOptions { RootUrl = server.Origin + "/" });

    [Test]
    public async Task Pages_follow_the_continuation_token_until_a_page_has_none()
    {
        await using var server = await StartPagingServerAsync();

        var items = new List<int>();
        await foreach (var page in Client(server).PagesAsync("listTaskGroup", new[] { "group/1" }, query: new Dictionary<string, string?> { ["limit"] = "2" }))
        {
            items.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetInt32()));
        }

        Assert.That(items, Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
        Assert.That(server.Requests.Select(r => r.RawTarget), Is.EqualTo(new[]
        {
            "/api/queue/v1/task-group/group%2F1/list?limit=2",
            "/api/queue/v1/task-group/group%2F1/list?continuationToken=t%201&limit=2",
            "/api/queue/v1/task-group/group%2F1/list?continuationToken=t2&limit=2",
        }));
    }

    [Test]
    public async Task A_post_that_pages_sends_the_same_payload_with_every_page()
    {
        await using var server = await StartPagingServerAsync();

        int pages = 0;
        await foreach (var _ in Client(server).PagesAsync("tasks", Array.Empty<string>(), new { taskIds = new[] { "a", "b" } })) pages++;

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(server.Requests.Select(r => (r.Method, Encoding.UTF8.GetString(r.Body))), Is.All.EqualTo(("POST", """{"taskIds":["a","b"]}""")));
        Assert.That(server.Requests.Select(r => r.RawTarget).Last(), Is.EqualTo("/api/queue/v1/tasks?continuationToken=t2"));
    }

    [Test]
    public async Task Cancelling_between_pages_stops_without_another_request()
    {
        await using var server = await StartPagingServerAsync();
        using var cancellation = new CancellationTokenSource();

        var seen = 0;
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () =>
        {
            await foreach (var _ in Client(server).PagesAsync("listTaskGroup", new[] { "g" }).WithCancellation(cancellation.Token))
            {
                if (++seen == 2) cancellation.Cancel();
            }
        });

        Assert.That((seen, server.Requests.Count), Is.EqualTo((2, 2)));
    }

    [Test]
    public async Task Cancelling_during_a_page_request_ends_it_at_once()
    {
        var stuck = new TaskCompletionSource();
        await using var server = await StartPagingServerAsync(async token =>
        {
            if (token == "t 1") await stuck.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });
        using var cancellation = new CancellationTokenSource();

        var pages = new List<JsonElement>();
        var started = DateTime.UtcNow;
        Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), async () =>
        {
            await foreach (var page in Client(server).PagesAsync("listTaskGroup", new[] { "g" }, cancellationToken: cancellation.Token))
            {
                pages.Add(page);
                cancellation.CancelAfter(TimeSpan.FromMilliseconds(200));
            }
        });
        stuck.TrySetResult();

        Assert.That(pages, Has.Count.EqualTo(1));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public void Paging_an_entry_without_a_continuation_token_is_an_argument_error()
    {
        var client = s_reference.CreateApiClient(new ClientOptions { RootUrl = "https://tc.example.com" });

        var error = Assert.Throws<ArgumentException>(() => client.PagesAsync("task", new[] { "abc" }));

        Assert.That(error!.ParamName, Is.EqualTo("entry"));
    }

    [Test]
    public void Query_values_are_encoded_like_route_values_and_left_out_when_null()
    {
        var client = s_reference.CreateApiClient(new ClientOptions { RootUrl = "https://tc.example.com" });

        Assert.That(client.BuildUrl("listTaskGroup", new[] { "g" }, new Dictionary<string, string?> { ["continuationToken"] = "a b&c=d/é", ["limit"] = null }),
            Is.EqualTo("https://tc.example.com/api/queue/v1/task-group/g/list?continuationToken=a%20b%26c%3Dd%2F%C3%A9"));
        Assert.That(client.BuildUrl("listTaskGroup", new[] { "g" }, new Dictionary<string, string?>()),
            Is.EqualTo("https://tc.example.com/api/queue/v1/task-group/g/list"));
    }
}
