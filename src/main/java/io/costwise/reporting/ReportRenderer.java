package io.costwise.reporting;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import io.costwise.costing.CostReport;
import io.costwise.recommendation.Recommendation;
import org.springframework.web.util.HtmlUtils;

/**
 * Renders a digest as an HTML e-mail with inline CSS only (mail clients drop style sheets), a
 * plain-text alternative with the same figures, and a small PNG chart of daily cost.
 */
final class ReportRenderer {

	static final String CHART_ID = "daily-cost-chart";

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

	private ReportRenderer() {
	}

	/**
	 * @param html references the chart as the inline attachment {@code cid:daily-cost-chart}
	 * @param chartPng the chart, to attach under {@link #CHART_ID}; {@code null} where the report shows no
	 *     cost summary, so that no unused image appears as an attachment
	 */
	record Rendered(String subject, String html, String text, byte[] chartPng) {

		/** The HTML with the chart embedded as a {@code data:} URI, for showing it anywhere but in an e-mail. */
		String htmlWithEmbeddedChart() {
			if (chartPng == null) {
				return html;
			}
			return html.replace("cid:" + CHART_ID, "data:image/png;base64," + Base64.getEncoder().encodeToString(chartPng));
		}
	}

	static Rendered render(Digest digest, String baseUrl, String unsubscribeUrl) {
		String period = DAY.format(digest.from()) + " – " + DAY.format(digest.to().minusDays(1));
		String subject = "Costwise %s: %s billed, %s idle (%s)".formatted(digest.name(), usd(digest.totals().billedCost()),
				usd(digest.totals().idleCost()), period);
		return new Rendered(subject, html(digest, period, baseUrl, unsubscribeUrl), text(digest, period, baseUrl, unsubscribeUrl),
				digest.shows(ReportContent.COST_SUMMARY) ? chart(digest.daily()) : null);
	}

	private static String html(Digest d, String period, String baseUrl, String unsubscribeUrl) {
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html><html><body style=\"margin:0;padding:0;background:#f4f5f7;\">")
			.append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\">")
			.append("<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#ffffff;font-family:Arial,Helvetica,sans-serif;color:#1f2933;\">")
			.append("<tr><td style=\"padding:24px 24px 8px;\"><h1 style=\"margin:0;font-size:20px;\">")
			.append(escape(d.name()))
			.append("</h1><p style=\"margin:4px 0 0;color:#52606d;font-size:13px;\">")
			.append(escape(period))
			.append("</p></td></tr>");
		if (d.shows(ReportContent.COST_SUMMARY)) {
			html.append("<tr><td style=\"padding:8px 24px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" style=\"font-size:14px;\">")
				.append(figureRow("Billed cost", usd(d.totals().billedCost()), change(d.totals().billedCost(), d.previous().billedCost())))
				.append(figureRow("Utilization-adjusted cost (Σ C·T / R)", usd(d.totals().utilizationAdjustedCost()),
						change(d.totals().utilizationAdjustedCost(), d.previous().utilizationAdjustedCost())))
				.append(figureRow("Idle cost", usd(d.totals().idleCost()), change(d.totals().idleCost(), d.previous().idleCost())))
				.append(figureRow("Utilization R", percent(d.totals().utilization()),
						"was " + percent(d.previous().utilization())))
				.append("</table><img src=\"cid:").append(CHART_ID)
				.append("\" width=\"552\" height=\"160\" alt=\"Daily billed cost\" style=\"display:block;margin-top:8px;border:0;\"></td></tr>");
		}
		if (d.shows(ReportContent.TOP_MOVERS)) {
			html.append(section("Top workloads by cost"));
			d.topWorkloads().forEach(line -> html.append(listRow(escape(line.workload()), usd(line.billedCost()))));
			html.append(section("Largest increases"));
			if (d.increases().isEmpty()) {
				html.append(listRow("No workload cost more than in the previous period.", ""));
			}
			d.increases().forEach(line -> html.append(listRow(escape(line.workload()), "+" + usd(line.change()))));
		}
		if (d.shows(ReportContent.OPEN_RECOMMENDATIONS)) {
			html.append(section("Open recommendations: " + usd(d.openSavings()) + " per month"));
			d.openRecommendations().forEach(r -> html.append(listRow("<a href=\"" + escape(baseUrl + "/recommendations/" + r.id())
					+ "\" style=\"color:#1a56db;\">" + escape(r.workload() + ": " + r.title()) + "</a>", usd(r.monthlySavings()) + "/mo")));
		}
		if (d.shows(ReportContent.VERIFIED_SAVINGS)) {
			html.append(section("Savings verified in this period"));
			if (d.verified().isEmpty()) {
				html.append(listRow("None this period.", ""));
			}
			d.verified().forEach(r -> html.append(listRow(escape(r.workload() + ": " + r.title()),
					usd(r.verification().realizedMonthlySavings()) + "/mo")));
		}
		html.append("<tr><td style=\"padding:16px 24px;font-size:12px;color:#7b8794;\">Open <a href=\"")
			.append(escape(baseUrl))
			.append("\" style=\"color:#1a56db;\">Costwise</a> for the details. <a href=\"")
			.append(escape(unsubscribeUrl))
			.append("\" style=\"color:#7b8794;\">Unsubscribe</a></td></tr></table></td></tr></table></body></html>");
		return html.toString();
	}

	private static String text(Digest d, String period, String baseUrl, String unsubscribeUrl) {
		StringBuilder text = new StringBuilder(d.name()).append('\n').append(period).append("\n\n");
		if (d.shows(ReportContent.COST_SUMMARY)) {
			text.append("Billed cost: ").append(usd(d.totals().billedCost())).append(" (").append(change(d.totals().billedCost(), d.previous().billedCost())).append(")\n")
				.append("Utilization-adjusted cost (Σ C·T / R): ").append(usd(d.totals().utilizationAdjustedCost())).append('\n')
				.append("Idle cost: ").append(usd(d.totals().idleCost())).append('\n')
				.append("Utilization R: ").append(percent(d.totals().utilization())).append("\n\n");
		}
		if (d.shows(ReportContent.TOP_MOVERS)) {
			text.append("Top workloads by cost\n");
			d.topWorkloads().forEach(line -> text.append("  ").append(line.workload()).append(": ").append(usd(line.billedCost())).append('\n'));
			text.append("Largest increases\n");
			d.increases().forEach(line -> text.append("  ").append(line.workload()).append(": +").append(usd(line.change())).append('\n'));
			text.append('\n');
		}
		if (d.shows(ReportContent.OPEN_RECOMMENDATIONS)) {
			text.append("Open recommendations: ").append(usd(d.openSavings())).append(" per month\n");
			d.openRecommendations().forEach(r -> text.append("  ").append(r.workload()).append(": ").append(r.title()).append(" — ")
				.append(usd(r.monthlySavings())).append("/mo ").append(baseUrl).append("/recommendations/").append(r.id()).append('\n'));
			text.append('\n');
		}
		if (d.shows(ReportContent.VERIFIED_SAVINGS)) {
			text.append("Savings verified in this period: ").append(d.verified().size()).append('\n');
			d.verified().forEach(r -> text.append("  ").append(r.workload()).append(": ").append(r.title()).append(" — ")
				.append(usd(r.verification().realizedMonthlySavings())).append("/mo\n"));
			text.append('\n');
		}
		return text.append(baseUrl).append("\nUnsubscribe: ").append(unsubscribeUrl).append('\n').toString();
	}

	/** Bars of daily billed cost, 552×160 (twice that in pixels for sharp rendering on high-density screens). */
	static byte[] chart(List<CostReport.Point> daily) {
		int width = 1104;
		int height = 320;
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			double max = daily.stream().mapToDouble(p -> p.figures().billedCost().doubleValue()).max().orElse(0);
			int left = 20;
			int bottom = height - 40;
			g.setColor(new Color(0xD9E2EC));
			g.setStroke(new BasicStroke(2));
			g.drawLine(left, bottom, width - 20, bottom);
			if (!daily.isEmpty() && max > 0) {
				double slot = (width - 40.0) / daily.size();
				for (int i = 0; i < daily.size(); i++) {
					double value = daily.get(i).figures().billedCost().doubleValue();
					int barHeight = (int) Math.round((bottom - 40) * value / max);
					g.setColor(new Color(0x1A56DB));
					g.fillRect((int) (left + i * slot + slot * 0.15), bottom - barHeight, (int) Math.max(2, slot * 0.7), barHeight);
				}
			}
			g.setColor(new Color(0x52606D));
			g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
			g.drawString("Daily billed cost, max " + usd(BigDecimal.valueOf(max)), left, 30);
		}
		finally {
			g.dispose();
		}
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return png.toByteArray();
	}

	private static String figureRow(String label, String value, String change) {
		return "<tr><td style=\"border-bottom:1px solid #e4e7eb;\">" + escape(label)
				+ "</td><td align=\"right\" style=\"border-bottom:1px solid #e4e7eb;font-weight:bold;\">" + escape(value)
				+ "</td><td align=\"right\" style=\"border-bottom:1px solid #e4e7eb;color:#52606d;font-size:12px;\">" + escape(change)
				+ "</td></tr>";
	}

	private static String section(String title) {
		return "<tr><td style=\"padding:16px 24px 4px;\"><h2 style=\"margin:0;font-size:16px;\">" + escape(title) + "</h2></td></tr>";
	}

	private static String listRow(String left, String right) {
		return "<tr><td style=\"padding:2px 24px;font-size:14px;\"><table role=\"presentation\" width=\"100%\"><tr><td>" + left
				+ "</td><td align=\"right\" style=\"white-space:nowrap;\">" + escape(right) + "</td></tr></table></td></tr>";
	}

	static String usd(BigDecimal amount) {
		NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
		return format.format(amount.setScale(2, RoundingMode.HALF_EVEN));
	}

	private static String percent(double share) {
		return "%.1f %%".formatted(100 * share);
	}

	private static String change(BigDecimal now, BigDecimal before) {
		if (before.signum() == 0) {
			return "no previous period";
		}
		double change = now.subtract(before).doubleValue() / before.doubleValue();
		return "%+.1f %% vs previous".formatted(100 * change);
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value == null ? "" : value);
	}
}
