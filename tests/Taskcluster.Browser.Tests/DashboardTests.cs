using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using NUnit.Framework;
using Taskcluster.Local;
using Taskcluster.Models.Queue;

namespace Taskcluster.Browser.Tests;

/// <summary>
/// samples/BrowserDashboard published as a user would publish it (Release, trimmed), served from one loopback origin,
/// talking to the stand-in on another, in headless Chromium. Everything the page shows came through the SDK running
/// as WebAssembly: Hawk signing with the platform HMAC, requests through fetch, the stand-in's CORS answers.
/// </summary>
[TestFixture]
public sealed class DashboardTests
{
    private const string ArtifactName = "private/browser/result.txt";
    private const string ArtifactText = "made by the browser test";
    private const int PageSize = 2;

    private readonly LocalClient _dashboardUser = new("dashboard", "dashboard-token", new[] { "queue:list-task-group:*", "queue:get-artifact:private/browser/*" });
    private string _publishDirectory = null!;
    private WebApplication _site = null!;
    private string _siteUrl = null!;
    private LocalTaskcluster _tc = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private string _taskGroupId = null!;
    private readonly Dictionary<string, string> _expectedStates = new();
    private string _taskWithArtifact = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _publishDirectory = Path.Combine(Path.GetTempPath(), "tc-browser-dashboard-" + Guid.NewGuid().ToString("N"));
        await PublishAsync(_publishDirectory);
        (_site, _siteUrl) = await ServeAsync(Path.Combine(_publishDirectory, "wwwroot"));

        var options = new LocalTaskclusterOptions();
        options.Clients.Add(_dashboardUser);
        _tc = await LocalTaskcluster.StartAsync(options);
        Assert.That(new Uri(_tc.RootUrl).Port, Is.Not.EqualTo(new Uri(_siteUrl).Port), "the page and the API must be on different origins");
        await CreateTaskGroupAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { Headless = true, ExecutablePath = ChromiumPath() });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_tc is not null) await _tc.DisposeAsync();
        if (_site is not null) await _site.DisposeAsync();
        if (_publishDirectory is not null && Directory.Exists(_publishDirectory)) Directory.Delete(_publishDirectory, recursive: true);
    }

    [Test]
    public async Task The_page_pages_through_the_task_group_and_shows_every_task_state()
    {
        var page = await OpenDashboardAsync();

        var seen = new Dictionary<string, string>();
        var rowsPerPage = new List<int>();
        for (int number = 1; ; number++)
        {
            await page.Locator($"#page[data-page='{number}']").WaitForAsync();
            var rows = await page.Locator("#tasks tbody tr").AllAsync();
            rowsPerPage.Add(rows.Count);
            foreach (var row in rows)
            {
                seen.Add((await row.GetAttributeAsync("data-task-id"))!, await row.Locator(".state").InnerTextAsync());
            }
            if (await page.Locator("#next").CountAsync() == 0) break;
            await page.Locator("#next").ClickAsync();
        }

        Assert.That(rowsPerPage, Is.EqualTo(new[] { 2, 2, 1 }), "five tasks, two per page");
        Assert.That(seen, Is.EquivalentTo(_expectedStates));
    }

    [Test]
    public async Task The_signed_artifact_link_opens_in_a_browser_without_credentials()
    {
        var page = await OpenDashboardAsync();
        await page.Locator("#page[data-page='1']").WaitForAsync();
        string href = await FindArtifactLinkAsync(page);

        // A new context shares nothing with the dashboard's page: the bewit in the URL is the only credential.
        await using var stranger = await _browser.NewContextAsync();
        var tab = await stranger.NewPageAsync();
        var opened = await tab.GotoAsync(href);
        int openedStatus = opened!.Status;
        string openedText = await opened.TextAsync();   // read before the next navigation discards the body
        var unsigned = await tab.GotoAsync(href.Split('?')[0]);

        Assert.That(openedStatus, Is.EqualTo(200));
        Assert.That(openedText, Is.EqualTo(ArtifactText));
        Assert.That(unsigned!.Status, Is.EqualTo(401).Or.EqualTo(403), "without the bewit the private artifact is refused");
    }

    [Test]
    public async Task Wrong_credentials_are_reported_on_the_page()
    {
        var page = await OpenDashboardAsync(accessToken: "not-the-token");

        await page.Locator("#error").WaitForAsync();

        Assert.That(await page.Locator("#tasks").CountAsync(), Is.Zero);
        Assert.That(await page.Locator("#error").InnerTextAsync(), Does.Contain("401").Or.Contain("uthenticat"));
    }

    private async Task<IPage> OpenDashboardAsync(string? accessToken = null)
    {
        var context = await _browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(_siteUrl);
        await page.Locator("#load").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.FillAsync("#rootUrl", _tc.RootUrl);
        await page.FillAsync("#clientId", _dashboardUser.ClientId);
        await page.FillAsync("#accessToken", accessToken ?? _dashboardUser.AccessToken);
        await page.FillAsync("#taskGroupId", _taskGroupId);
        await page.FillAsync("#artifactName", ArtifactName);
        await page.FillAsync("#limit", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#load");
        return page;
    }

    private async Task<string> FindArtifactLinkAsync(IPage page)
    {
        for (int number = 1; ; number++)
        {
            await page.Locator($"#page[data-page='{number}']").WaitForAsync();
            var link = page.Locator($"tr[data-task-id='{_taskWithArtifact}'] a.artifact");
            if (await link.CountAsync() == 1) return (await link.GetAttributeAsync("href"))!;
            await page.Locator("#next").ClickAsync();
        }
    }

    /// <summary>Five tasks in one group: one completed with an artifact, one running, three pending.</summary>
    private async Task CreateTaskGroupAsync()
    {
        var queue = new Queue(_tc.ClientOptions("queue"));
        _taskGroupId = Slugid.Nice();
        var taskQueues = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            string taskId = Slugid.Nice(), taskQueueId = "prov/browser-" + i;
            await queue.CreateTaskAsync(taskId, Task(taskQueueId, "task " + i));
            taskQueues.Add(taskQueueId);
            _expectedStates[taskId] = "pending";
        }
        var ids = _expectedStates.Keys.ToList();

        await queue.ClaimWorkAsync(taskQueues[0], new ClaimWorkRequest { WorkerGroup = "g", WorkerId = "w", Tasks = 1 });
        var created = (PostArtifactResponseS3)await queue.CreateArtifactAsync(ids[0], "0", ArtifactName,
            new PostArtifactRequestS3 { ContentType = "text/plain", Expires = DateTimeOffset.UtcNow.AddDays(1) });
        using (var http = new HttpClient())
        using (var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ArtifactText)))
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            (await http.PutAsync(created.PutUrl, content)).EnsureSuccessStatusCode();
        }
        await queue.ReportCompletedAsync(ids[0], "0");
        _expectedStates[ids[0]] = "completed";
        _taskWithArtifact = ids[0];

        await queue.ClaimWorkAsync(taskQueues[1], new ClaimWorkRequest { WorkerGroup = "g", WorkerId = "w", Tasks = 1 });
        _expectedStates[ids[1]] = "running";
    }

    private CreateTaskRequest Task(string taskQueueId, string name) => new()
    {
        TaskQueueId = taskQueueId,
        TaskGroupId = _taskGroupId,
        Created = DateTimeOffset.UtcNow,
        Deadline = DateTimeOffset.UtcNow.AddHours(1),
        Payload = new JsonObject(),
        Metadata = new TaskMetadata { Name = name, Description = "browser test", Owner = "test@example.com", Source = "https://example.com/browser" },
    };

    private static async Task PublishAsync(string output)
    {
        string project = Path.Combine(RepositoryRoot(), "samples", "BrowserDashboard", "BrowserDashboard.csproj");
        // Compression only matters for the size figures (README); skipping it saves most of a minute here.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "publish", project, "-c", "Release", "-o", output, "-p:CompressionEnabled=false", "--nologo" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        Assert.That(process.ExitCode, Is.Zero, "dotnet publish failed:\n" + await stdout + await stderr);
    }

    /// <summary>A plain static file server, as any web server would host the published app.</summary>
    private static async Task<(WebApplication, string)> ServeAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        // The runtime's ICU data (.dat) and the boot files have no registered content type; serve them as bytes.
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, address.TrimEnd('/') + "/");
    }

    private static string ChromiumPath()
    {
        foreach (string? candidate in new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate)) return candidate;
        }
        Assert.Fail("Chromium is not installed: run scripts/install-chromium.sh (or set CHROMIUM_PATH).");
        return "";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Taskcluster.Client.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (Taskcluster.Client.slnx) was not found above " + AppContext.BaseDirectory);
    }
}
