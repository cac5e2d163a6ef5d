package io.stickless.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AdminAccountTest {

  private final AdminAccount account = AdminAccount.create("admin", "s3cret-pass".toCharArray());

  @Test
  void theRightUserAndPasswordMatch() {
    assertThat(account.matches("admin", "s3cret-pass".toCharArray())).isTrue();
  }

  @Test
  void aWrongPasswordOrUserDoesNot() {
    assertThat(account.matches("admin", "s3cret-pasS".toCharArray())).isFalse();
    assertThat(account.matches("admin", new char[0])).isFalse();
    assertThat(account.matches("Admin", "s3cret-pass".toCharArray())).isFalse();
  }
}
