# Builds the application from this repository: the web UI with Node, the jar with the Maven wrapper.
FROM node:20-bookworm AS frontend
WORKDIR /src
COPY openapi openapi
COPY frontend frontend
COPY examples examples
RUN cd frontend && npm ci --no-audit --no-fund && npm run build -- --outDir /static --emptyOutDir

FROM eclipse-temurin:17-jdk AS application
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -B -ntp -q dependency:go-offline -Dfrontend.skip=true
COPY src src
COPY db db
COPY --from=frontend /static src/main/resources/static
RUN ./mvnw -B -ntp package -DskipTests -Dfrontend.skip=true -De2e.skip=true

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=application /src/target/costwise-*.jar costwise.jar
USER 1000
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/costwise.jar"]
