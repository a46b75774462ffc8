# The PolicyStream image: the same jar as 'mvn package', built from this repository.
FROM maven:3-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY topics ./topics
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/target/policystream.jar /app/policystream.jar
# 9404 learn, 9405 serve, 9406 simulate: GET /metrics and GET /health (--metrics-port).
EXPOSE 8080 9404 9405 9406
ENTRYPOINT ["java","-jar","/app/policystream.jar"]
