using System.Text;
using InverseScaling.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace InverseScaling.EndToEnd.Tests.Pages;

/// <summary>
/// Chart exports are slide-ready whatever the page's theme: opaque, light by default with readable contrast, and
/// exactly the chosen preset's pixel size (issue 11).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class SlideExportTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Png_export_is_an_opaque_light_16_9_slide_in_either_theme(bool darkPage)
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");
        if (darkPage)
        {
            await ScreenshotTests.SwitchToDarkAsync(page);
        }

        await page.WaitForChartAsync("scaling-chart");
        var (name, png) = await page.DownloadAsync("scaling-chart-export-png");
        var image = await DecodeAsync(page, png);
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await File.WriteAllBytesAsync(Path.Combine(ScreenshotTests.Folder, $"export-16x9-from-{(darkPage ? "dark" : "light")}-page.png"), png);

        // Task, metric and models (the families drawn), then the preset.
        Assert.StartsWith("NeQA_loss_vs-params_", name, StringComparison.Ordinal);
        Assert.Contains("GPT-3", name, StringComparison.Ordinal);
        Assert.EndsWith("_16x9-light.png", name, StringComparison.Ordinal);
        Assert.Equal((1920, 1080), (image.Width, image.Height));
        Assert.Equal([255, 255, 255, 255], image.Corner);
        // The darkest pixel is the text: at least AA contrast (4.5:1) against the white background.
        Assert.True(ContrastWithWhite(image.Darkest) >= 4.5, $"darkest pixel {string.Join(',', image.Darkest)} is too light on white");
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Size_and_background_choices_change_the_exported_pixels()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");
        await page.WaitForChartAsync("scaling-chart");
        await page.WaitForCircuitAsync();

        await ChooseAsync(page, "export-size-standard");
        await ChooseAsync(page, "export-background-dark");
        var (name, png) = await page.DownloadAsync("scaling-chart-export-png");
        var image = await DecodeAsync(page, png);

        Assert.EndsWith("_4x3-dark.png", name, StringComparison.Ordinal);
        Assert.Equal((1440, 1080), (image.Width, image.Height));
        Assert.Equal(255, image.Corner[3]);
        Assert.True(image.Corner[..3].All(c => c < 48), $"corner {string.Join(',', image.Corner)} should be the dark surface");

        var (svgName, svg) = await page.DownloadAsync("scaling-chart-export-svg");
        var svgText = Encoding.UTF8.GetString(svg);
        Assert.EndsWith("_4x3-dark.svg", svgName, StringComparison.Ordinal);
        Assert.Contains("width=\"720\" height=\"540\"", svgText, StringComparison.Ordinal);
        Assert.Contains("rgb(24, 29, 36)", svgText, StringComparison.Ordinal); // the opaque dark background
        Assert.Empty(page.Errors);
    }

    [Fact]
    public async Task Copy_chart_puts_a_png_on_the_clipboard()
    {
        await using var page = await fixture.OpenAsync("/scaling?task=NeQA");
        await page.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.WaitForChartAsync("scaling-chart");
        await page.WaitForCircuitAsync();

        await page.ByTestId("scaling-chart-copy-image").ClickAsync();
        await Assertions.Expect(page.ByTestId("scaling-chart-copy-image")).ToHaveTextAsync("Copied");
        var size = await page.EvaluateAsync<int[]>(
            """
            async () => {
                const items = await navigator.clipboard.read();
                const blob = await items[0].getType('image/png');
                const bitmap = await createImageBitmap(blob);
                return [bitmap.width, bitmap.height];
            }
            """);
        Assert.Equal([1920, 1080], size);
    }

    private static async Task ChooseAsync(DashboardPage page, string item)
    {
        await page.ByTestId("scaling-chart-export-options").Locator("button").First.ClickAsync();
        await page.ByTestId(item).ClickAsync();
        await Assertions.Expect(page.Page.Locator(".mud-popover-open .mud-menu-list")).ToHaveCountAsync(0);
    }

    /// <summary>WCAG contrast ratio of an sRGB pixel against white.</summary>
    private static double ContrastWithWhite(int[] rgb)
    {
        static double Linear(int c) => c / 255.0 is var s && s <= 0.03928 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        var luminance = 0.2126 * Linear(rgb[0]) + 0.7152 * Linear(rgb[1]) + 0.0722 * Linear(rgb[2]);
        return 1.05 / (luminance + 0.05);
    }

    private sealed record DecodedPng(int Width, int Height, int[] Corner, int[] Darkest);

    /// <summary>Decodes the PNG in the browser: its size, the top-left pixel (RGBA) and the darkest pixel (RGB).</summary>
    private static Task<DecodedPng> DecodeAsync(DashboardPage page, byte[] png) => page.EvaluateAsync<DecodedPng>(
        """
        async b64 => {
            const img = new Image();
            img.src = 'data:image/png;base64,' + b64;
            await img.decode();
            const canvas = document.createElement('canvas');
            canvas.width = img.naturalWidth;
            canvas.height = img.naturalHeight;
            const ctx = canvas.getContext('2d');
            ctx.drawImage(img, 0, 0);
            const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
            let darkest = [255, 255, 255], min = 766;
            for (let i = 0; i < pixels.length; i += 4) {
                const sum = pixels[i] + pixels[i + 1] + pixels[i + 2];
                if (sum < min) { min = sum; darkest = [pixels[i], pixels[i + 1], pixels[i + 2]]; }
            }
            return { width: canvas.width, height: canvas.height, corner: Array.from(pixels.slice(0, 4)), darkest };
        }
        """,
        Convert.ToBase64String(png));
}
