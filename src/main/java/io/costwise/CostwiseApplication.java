package io.costwise;

import java.util.Locale;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

@Modulithic(systemName = "Costwise")
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class CostwiseApplication {

	public static void main(String[] args) {
		// Rationales, explanations and reports are English, and clients parse the numbers in them: a decimal
		// point whatever the server's locale.
		Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
		SpringApplication.run(CostwiseApplication.class, args);
	}
}
