using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;
using Taskcluster.Client.Tests.Support;

namespace Taskcluster.Client.Tests.Http;

/// <summary>
/// The <c>argumentValidation</c> vectors: misuse is reported synchronously, as an <see cref="ArgumentException"/>
/// naming the argument, before anything is sent.
/// </summary>
[TestFixture]
public sealed class ArgumentValidationVectorTests
{
    private static IEnumerable<TestCaseData> ArgumentVectors() => Vectors.Cases("argumentValidation");

    [TestCaseSource(nameof(ArgumentVectors))]
    public void Wrong_arguments_throw_synchronously_naming_the_argument(JsonElement vector)
    {
        // Nothing listens on the discard port: if the call were sent, it would fail differently.
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = "http://127.0.0.1:9/v1" });
        string name = vector.GetProperty("method").GetString()!;
        var entry = client.Entry(name);
        string[] args = vector.GetProperty("args").EnumerateArray().Select(a => Vectors.Arg(a)!).ToArray();
        // With the right argument count, the only thing missing is the payload.
        string expectedParam = args.Length == entry.Args.Count && entry.HasInput ? "payload" : "args";

        var error = Assert.Throws(Is.InstanceOf<ArgumentException>(), () => _ = client.CallAsync(name, args));

        Assert.That(((ArgumentException)error!).ParamName, Is.EqualTo(expectedParam));
    }

    [Test]
    public void A_payload_for_an_entry_without_input_is_refused()
    {
        var client = TestApiClient.Create("Queue", new ClientOptions { BaseUrl = "http://127.0.0.1:9/v1" });

        var error = Assert.Throws<ArgumentException>(() => _ = client.CallAsync("getTask", new[] { "abc" }, new { x = 1 }));

        Assert.That(error!.ParamName, Is.EqualTo("payload"));
    }
}
