using NUnit.Framework;

namespace Taskcluster.Local.Tests;

/// <summary>Assertions that also hand back what they checked, so a test can go on with the narrower type.</summary>
internal static class Expect
{
    /// <summary>
    /// Asserts that <paramref name="value"/> is the <typeparamref name="T"/> branch of a union (an s3 artifact's
    /// answer, say) and returns it as that branch; a wrong branch fails with both type names instead of a cast error.
    /// </summary>
    public static T Branch<T>(object value) where T : class
    {
        Assert.That(value, Is.InstanceOf<T>());
        return (T)value;
    }
}
